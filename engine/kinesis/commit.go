package kinesis

import (
	"fmt"
	"log/slog"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Writes are group-committed: callers append their changes to a pending
// list (under Store.mu, so the list is in the order the changes were made
// in memory) and one goroutine writes everything pending in a single bbolt
// transaction, so concurrent producers share each fsync. A lone caller pays
// one commit; a hundred concurrent callers pay roughly one between them.
//
// Guarantee: when a call that changes state returns without error, its
// change is in a committed, fsynced transaction.

// op is one change to the file. Ops find their buckets without creating
// them, so a change to a stream deleted in the meantime is a no-op.
type op func(tx *bolt.Tx) error

type change struct {
	ops  []op
	done chan error
}

// wait blocks until the change is committed or has failed.
func (c *change) wait() error { return <-c.done }

type writer struct {
	db  *bolt.DB
	log *slog.Logger

	mu      sync.Mutex
	pending []*change
	closed  bool
	kick    chan struct{}
}

func newWriter(db *bolt.DB, log *slog.Logger) *writer {
	return &writer{db: db, log: log, kick: make(chan struct{}, 1)}
}

// submit queues ops for the next commit. Callers hold Store.mu so that
// submission order matches the order of the in-memory changes.
func (w *writer) submit(ops ...op) *change {
	c := &change{ops: ops, done: make(chan error, 1)}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		c.done <- ErrClosed
		return c
	}
	w.pending = append(w.pending, c)
	w.mu.Unlock()
	select {
	case w.kick <- struct{}{}:
	default: // a kick is already waiting; it will pick this change up
	}
	return c
}

// run commits pending changes until closing, then commits what was
// submitted before it stopped accepting changes.
func (w *writer) run(closing <-chan struct{}) {
	for {
		select {
		case <-w.kick:
			w.flush()
		case <-closing:
			w.mu.Lock()
			w.closed = true
			w.mu.Unlock()
			w.flush()
			return
		}
	}
}

func (w *writer) flush() {
	w.mu.Lock()
	batch := w.pending
	w.pending = nil
	w.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	err := w.db.Update(func(tx *bolt.Tx) error {
		for _, c := range batch {
			for _, o := range c.ops {
				if err := o(tx); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		w.log.Error("kinesis commit failed", "err", err, "changes", len(batch))
		err = fmt.Errorf("kinesis: commit: %w", err)
	}
	for _, c := range batch {
		c.done <- err
	}
}
