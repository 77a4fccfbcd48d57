package invoke

import (
	"log/slog"
	"sync"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/sandbox"
)

// logTailBytes is how much of an invocation's log AWS returns with
// LogType=Tail.
const logTailBytes = 4096

type logBatch struct {
	group, stream string
	events        []LogEvent
}

// shipper appends log batches to the sink on its own goroutine, so a slow
// sink (a durable store) never sits on the invoke path. One goroutine keeps
// every stream in order.
type shipper struct {
	sink LogSink
	log  *slog.Logger
	ch   chan logBatch
	done chan struct{}
}

// maxGather bounds how many streams one delivery round writes.
const maxGather = 256

// shipEvery spaces delivery rounds: a durable sink pays a disk sync and a
// rewrite of every stream's pages per round, and a tenth of a second of
// delay in the log under load is worth letting busy environments share one
// (CloudWatch Logs itself takes seconds; a lone invocation's lines are
// delivered at once). At 5 ms the rounds took a sixth of the engine's CPU
// at 16 callers; at 100 ms, a fortieth.
const shipEvery = 100 * time.Millisecond

// queuedBatches is how many invocations' logs may wait for the next round
// before an invocation waits for room: a round of shipEvery at 40,000
// invocations a second.
const queuedBatches = 4096

func newShipper(sink LogSink, logger *slog.Logger) *shipper {
	s := &shipper{sink: sink, log: logger, ch: make(chan logBatch, queuedBatches), done: make(chan struct{})}
	go s.run()
	return s
}

func (s *shipper) run() {
	defer close(s.done)
	for b := range s.ch {
		start := time.Now()
		s.deliver(s.gather(b))
		time.Sleep(shipEvery - time.Since(start))
	}
}

// gather takes first and every batch already queued behind it, merged per
// stream in queue order. A durable sink pays a sync per Append, so under
// load one Append per stream per round, instead of one per invocation, is
// what keeps the sink ahead of the invocations.
func (s *shipper) gather(first logBatch) []logBatch {
	out := []logBatch{first}
	at := map[[2]string]int{{first.group, first.stream}: 0}
	for len(out) < maxGather {
		select {
		case b, ok := <-s.ch:
			if !ok {
				return out
			}
			k := [2]string{b.group, b.stream}
			if i, seen := at[k]; seen {
				out[i].events = append(out[i].events, b.events...)
				continue
			}
			at[k] = len(out)
			out = append(out, b)
		default:
			return out
		}
	}
	return out
}

// deliver appends the batches, which are of distinct streams, concurrently:
// a group-committing sink (cwlogs) then writes them in few transactions.
func (s *shipper) deliver(batches []logBatch) {
	if len(batches) == 1 {
		s.append(batches[0])
		return
	}
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Go(func() { s.append(b) })
	}
	wg.Wait()
}

func (s *shipper) append(b logBatch) {
	if err := s.sink.Append(b.group, b.stream, b.events); err != nil {
		s.log.Warn("function logs lost", "group", b.group, "stream", b.stream, "events", len(b.events), "error", err)
	}
}

// send queues a batch; it blocks when the sink is far behind rather than
// dropping lines.
func (s *shipper) send(b logBatch) {
	if s == nil || len(b.events) == 0 {
		return
	}
	s.ch <- b
}

// close delivers what is queued and stops.
func (s *shipper) close() {
	if s == nil {
		return
	}
	close(s.ch)
	<-s.done
}

// appendLines converts captured output lines into events. Messages end in
// a newline, as Lambda's do in CloudWatch Logs.
func appendLines(dst []LogEvent, lines []sandbox.Line) []LogEvent {
	for _, l := range lines {
		dst = append(dst, LogEvent{Time: l.Time, Message: l.Text + "\n"})
	}
	return dst
}

// logTail returns the last logTailBytes of the events' text.
func logTail(events []LogEvent) []byte {
	n := 0
	first := len(events)
	for first > 0 && n < logTailBytes {
		first--
		n += len(events[first].Message)
	}
	b := make([]byte, 0, n)
	for _, e := range events[first:] {
		b = append(b, e.Message...)
	}
	if len(b) > logTailBytes {
		b = b[len(b)-logTailBytes:]
	}
	return b
}
