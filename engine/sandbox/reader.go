package sandbox

import (
	"bytes"
	"io"
	"syscall"
	"time"
)

// readBuf is how much of the pipe the reader takes at once; longer lines
// are assembled across reads.
const readBuf = 64 * 1024

// read turns the pipe's bytes into lines until every writer has closed it.
func (o *Output) read() {
	defer close(o.eof)
	buf := make([]byte, readBuf)
	var s splitter
	for {
		n, err := o.fill(buf, s.partial())
		s.feed(buf[:n], o.line)
		if err != nil {
			s.flush(o.line)
			return
		}
	}
}

// fill reads what the pipe holds, waiting through the poller when it is
// empty. Reading through RawConn lets it mark the reader idle exactly when
// a read finds nothing and no partial line is pending (see drained).
func (o *Output) fill(buf []byte, partial bool) (int, error) {
	var n int
	var err error
	cerr := o.rc.Read(func(fd uintptr) bool {
		o.idle.Store(false)
		for {
			n, err = syscall.Read(int(fd), buf)
			if err != syscall.EINTR {
				break
			}
		}
		if err == syscall.EAGAIN {
			o.idle.Store(!partial)
			return false
		}
		return true
	})
	switch {
	case cerr != nil:
		return 0, cerr
	case err != nil:
		return 0, err
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

// splitter cuts a byte stream into lines; line splits the long ones.
type splitter struct {
	pending []byte // bytes after the last newline
}

func (s *splitter) partial() bool { return len(s.pending) > 0 }

// feed emits every complete line in pending+b and keeps the rest.
func (s *splitter) feed(b []byte, emit func([]byte)) {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			s.keep(b, emit)
			return
		}
		if len(s.pending) > 0 {
			s.pending = append(s.pending, b[:i]...)
			emit(s.pending)
			s.pending = s.pending[:0]
		} else {
			emit(b[:i])
		}
		b = b[i+1:]
	}
}

// keep buffers a partial line, emitting MaxLineBytes pieces of it early.
// It always keeps the last len(syncMark) bytes back, so a sync mark split
// across reads is never cut apart.
func (s *splitter) keep(b []byte, emit func([]byte)) {
	s.pending = append(s.pending, b...)
	for len(s.pending) >= MaxLineBytes+len(syncMark) {
		emit(s.pending[:MaxLineBytes])
		s.pending = append(s.pending[:0], s.pending[MaxLineBytes:]...)
	}
}

// flush emits a last line that has no newline.
func (s *splitter) flush(emit func([]byte)) {
	if len(s.pending) > 0 {
		emit(s.pending)
		s.pending = s.pending[:0]
	}
}

// line records one line, in MaxLineBytes pieces, recognising the engine's
// sync mark at its end (a partial line written just before the mark is
// kept as its own line).
func (o *Output) line(b []byte) {
	text, marked := bytes.CutSuffix(b, syncMark)
	text = bytes.TrimSuffix(text, []byte("\r"))
	if len(text) > 0 {
		now := time.Now()
		o.mu.Lock()
		for len(text) > 0 {
			piece := text[:min(len(text), MaxLineBytes)]
			o.lines = append(o.lines, Line{Time: now, Text: string(piece)})
			text = text[len(piece):]
		}
		o.mu.Unlock()
	}
	if marked {
		select {
		case o.marks <- struct{}{}:
		default:
		}
	}
}
