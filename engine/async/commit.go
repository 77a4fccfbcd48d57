package async

import (
	"fmt"
	"log/slog"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Writes are group-committed: one goroutine owns the write path, and every
// request that arrives while a commit is being fsynced joins the next
// transaction. A lone caller pays one commit; many concurrent callers (HTTP
// handlers accepting events, workers recording outcomes) share each fsync.
// A request returns only once its transaction is durable.

// maxBatch bounds how many requests share one transaction so that a flood
// of callers cannot grow a single commit without limit.
const maxBatch = 512

// op is one change applied inside a shared transaction. An op fails only
// on a storage error, which fails the whole batch.
type op func(tx *bolt.Tx) error

type commitReq struct {
	ops  []op
	done chan error
}

type writer struct {
	db   *bolt.DB
	log  *slog.Logger
	reqs chan *commitReq

	mu       sync.Mutex
	closed   bool
	inflight sync.WaitGroup // submitters between the closed check and their answer
	stop     chan struct{}
	stopped  chan struct{}
}

func newWriter(db *bolt.DB, log *slog.Logger) *writer {
	w := &writer{db: db, log: log, reqs: make(chan *commitReq, maxBatch),
		stop: make(chan struct{}), stopped: make(chan struct{})}
	go w.run()
	return w
}

// submit commits ops durably and returns the commit's error.
func (w *writer) submit(ops ...op) error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	w.inflight.Add(1)
	w.mu.Unlock()
	defer w.inflight.Done()
	r := &commitReq{ops: ops, done: make(chan error, 1)}
	w.reqs <- r
	return <-r.done
}

// close lets every submitted request commit, then stops the loop.
func (w *writer) close() {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return
	}
	w.closed = true
	w.mu.Unlock()
	w.inflight.Wait()
	close(w.stop)
	<-w.stopped
}

func (w *writer) run() {
	defer close(w.stopped)
	for {
		select {
		case r := <-w.reqs:
			w.commit(w.gather(r))
		case <-w.stop:
			return
		}
	}
}

// gather collects r plus whatever requests are already waiting.
func (w *writer) gather(r *commitReq) []*commitReq {
	batch := []*commitReq{r}
	for len(batch) < maxBatch {
		select {
		case more := <-w.reqs:
			batch = append(batch, more)
		default:
			return batch
		}
	}
	return batch
}

func (w *writer) commit(batch []*commitReq) {
	err := w.db.Update(func(tx *bolt.Tx) error {
		for _, r := range batch {
			for _, o := range r.ops {
				if err := o(tx); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		w.log.Error("async queue commit failed", "error", err, "requests", len(batch))
		err = fmt.Errorf("async: commit: %w", err)
	}
	for _, r := range batch {
		r.done <- err
	}
}
