// Package boltbatch group-commits writes to a bbolt file: callers submit
// their changes and one goroutine writes everything pending in a single
// transaction, so concurrent callers share each fsync. The engine's
// high-traffic services (SQS, Kinesis) keep their files this way, through
// File, which also opens the file, sweeps it and closes it in order.
package boltbatch

import (
	"fmt"
	"log/slog"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// A lone caller pays one commit; a hundred concurrent callers pay roughly
// one between them. Guarantee: when Wait returns nil, the change is in a
// committed, fsynced transaction.

// Op is one change to the file.
type Op func(tx *bolt.Tx) error

// Change is a submitted group of ops.
type Change struct {
	ops  []Op
	done chan error
}

// Wait blocks until the change is committed or has failed.
func (c *Change) Wait() error { return <-c.done }

// Writer commits submitted changes in batches.
type Writer struct {
	db        *bolt.DB
	log       *slog.Logger
	name      string // the service, for logs and errors
	errClosed error  // what Submit answers after Run stopped

	mu      sync.Mutex
	pending []*Change
	closed  bool
	kick    chan struct{}
}

// New returns a Writer for db. name prefixes its errors; errClosed is what
// changes submitted after closing fail with.
func New(db *bolt.DB, log *slog.Logger, name string, errClosed error) *Writer {
	return &Writer{db: db, log: log, name: name, errClosed: errClosed, kick: make(chan struct{}, 1)}
}

// Submit queues ops for the next commit. Callers that mirror the file in
// memory submit under their own lock, so that submission order matches the
// order of the in-memory changes.
func (w *Writer) Submit(ops ...Op) *Change {
	c := &Change{ops: ops, done: make(chan error, 1)}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		c.done <- w.errClosed
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

// Run commits pending changes until closing, then commits what was
// submitted before it stopped accepting changes.
func (w *Writer) Run(closing <-chan struct{}) {
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

func (w *Writer) flush() {
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
		w.log.Error(w.name+" commit failed", "err", err, "changes", len(batch))
		err = fmt.Errorf("%s: commit: %w", w.name, err)
	}
	for _, c := range batch {
		c.done <- err
	}
}
