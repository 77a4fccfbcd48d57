package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// MaxLineBytes splits longer output lines, as CloudWatch Logs caps an
// event at 256 KB.
const MaxLineBytes = 256 * 1024

// syncMark is written into the pipe by the engine itself. The pipe is a
// FIFO, so once the reader sees the mark it has seen everything the
// runtime wrote before the engine wrote the mark: the END line can be
// placed after the invocation's own output without guessing with timers.
var syncMark = []byte("\x00\x1flambdaform-sync")

// Line is one line of output, without its newline.
type Line struct {
	Time time.Time
	Text string
}

// Output captures a process group's stdout and stderr through one pipe, so
// their lines interleave in the order they were written.
type Output struct {
	r, w  *os.File
	mu    sync.Mutex
	lines []Line
	marks chan struct{}
	eof   chan struct{}
}

// NewOutput creates the pipe and starts reading it.
func NewOutput() (*Output, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: output pipe: %w", err)
	}
	o := &Output{r: r, w: w, marks: make(chan struct{}, 1), eof: make(chan struct{})}
	go o.read()
	return o, nil
}

func (o *Output) read() {
	defer close(o.eof)
	br := bufio.NewReaderSize(o.r, 64*1024)
	var long []byte // a line longer than the buffer, being assembled
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) || (err == io.EOF && len(chunk) > 0) {
			long = append(long, chunk...)
			if len(long) >= MaxLineBytes || err == io.EOF {
				o.line(long)
				long = long[:0]
			}
			if err == io.EOF {
				return
			}
			continue
		}
		if err != nil {
			if len(long) > 0 {
				o.line(long)
			}
			return
		}
		if len(long) > 0 {
			chunk = append(long, chunk...)
			long = long[:0]
		}
		o.line(bytes.TrimSuffix(chunk, []byte("\n")))
	}
}

// line records one line, recognising the engine's sync mark at its end (a
// partial line written just before the mark is kept as its own line).
func (o *Output) line(b []byte) {
	text, marked := bytes.CutSuffix(b, syncMark)
	text = bytes.TrimSuffix(text, []byte("\r"))
	if len(text) > 0 {
		o.mu.Lock()
		o.lines = append(o.lines, Line{Time: time.Now(), Text: string(text)})
		o.mu.Unlock()
	}
	if marked {
		select {
		case o.marks <- struct{}{}:
		default:
		}
	}
}

// Sync returns once every line written before the call has been captured.
func (o *Output) Sync(ctx context.Context) error {
	mark := append(append(make([]byte, 0, len(syncMark)+1), syncMark...), '\n')
	if _, err := o.w.Write(mark); err != nil {
		return fmt.Errorf("sandbox: sync output: %w", err)
	}
	select {
	case <-o.marks:
		return nil
	case <-o.eof:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("sandbox: sync output: %w", ctx.Err())
	}
}

// Take appends the lines captured since the last Take to dst.
func (o *Output) Take(dst []Line) []Line {
	o.mu.Lock()
	dst = append(dst, o.lines...)
	clear(o.lines)
	o.lines = o.lines[:0]
	o.mu.Unlock()
	return dst
}

// Close closes the engine's write end and waits (up to wait) until every
// process holding the pipe has gone and the reader has drained it.
func (o *Output) Close(wait time.Duration) error {
	err := o.w.Close()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-o.eof:
	case <-t.C:
		err = errors.Join(err, errors.New("sandbox: output still open after the process group ended"))
	}
	return errors.Join(err, o.r.Close())
}
