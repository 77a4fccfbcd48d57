package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
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
	rc    syscall.RawConn // r's descriptor, for the reader and FIONREAD
	mu    sync.Mutex
	lines []Line
	marks chan struct{}
	eof   chan struct{}
	// idle is true while the reader holds no byte it has not turned into
	// a line: it found the pipe empty with no partial line buffered. See
	// drained.
	idle atomic.Bool
}

// NewOutput creates the pipe and starts reading it.
func NewOutput() (*Output, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: output pipe: %w", err)
	}
	rc, err := r.SyscallConn()
	if err != nil {
		return nil, errors.Join(fmt.Errorf("sandbox: output pipe: %w", err), r.Close(), w.Close())
	}
	o := &Output{r: r, w: w, rc: rc, marks: make(chan struct{}, 1), eof: make(chan struct{})}
	go o.read()
	return o, nil
}

// Sync returns once every line written before the call has been captured.
// Usually nothing is in flight (the pipe is empty and the reader idle), and
// it returns at the cost of one ioctl; otherwise it writes the sync mark
// and waits for the reader to reach it.
func (o *Output) Sync(ctx context.Context) error {
	if o.drained() {
		return nil
	}
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

// drained reports whether everything written so far has been captured.
// The order matters: an empty pipe means earlier output was already read,
// and the reader clears idle before each read and sets it only after a
// later read found the pipe empty, so idle read after that means the
// output was also turned into lines.
func (o *Output) drained() bool {
	var n int32
	var errno syscall.Errno
	err := o.rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCINQ, uintptr(unsafe.Pointer(&n)))
	})
	return err == nil && errno == 0 && n == 0 && o.idle.Load()
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
