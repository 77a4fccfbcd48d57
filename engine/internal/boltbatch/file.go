package boltbatch

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// File is a service's own bbolt file together with the goroutines that
// keep it: the Writer that commits its changes and a sweeper that deletes
// what has expired. Close stops both before closing the file, so that every
// change submitted before Close is committed.
type File struct {
	// DB is for reads and for loading at Open; changes go through Submit.
	DB *bolt.DB

	w         *Writer
	name      string
	log       *slog.Logger
	closing   chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup
}

// Open opens (creating if needed) the bbolt file at path for the service
// name, waiting at most a second for another process's lock on it rather
// than hanging. Changes submitted after Close fail with errClosed.
func Open(path, name string, log *slog.Logger, errClosed error) (*File, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("%s: open %s: %w", name, path, err)
	}
	return &File{
		DB: db, w: New(db, log, name, errClosed), name: name, log: log, closing: make(chan struct{}),
	}, nil
}

// defaultSweepInterval is how often Start sweeps when not told: the
// services' documented default.
const defaultSweepInterval = time.Minute

// Start runs the writer, and sweep every interval (defaultSweepInterval
// when it is not positive), until Close. It is separate from Open so that a
// service can load the file first. A failed sweep is logged; the next one
// tries again.
func (f *File) Start(interval time.Duration, sweep func() error) {
	if interval <= 0 {
		interval = defaultSweepInterval
	}
	f.wg.Add(2)
	go func() { defer f.wg.Done(); f.w.Run(f.closing) }()
	go func() { defer f.wg.Done(); f.sweepEvery(interval, sweep) }()
}

func (f *File) sweepEvery(interval time.Duration, sweep func() error) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-f.closing:
			return
		case <-t.C:
			if err := sweep(); err != nil {
				f.log.Warn(f.name+" retention sweep failed", "err", err)
			}
		}
	}
}

// Submit queues ops for the next commit (see Writer.Submit).
func (f *File) Submit(ops ...Op) *Change { return f.w.Submit(ops...) }

// Closing is closed when Close begins, so that calls waiting on the
// service (long polls, transitions due later) give up.
func (f *File) Closing() <-chan struct{} { return f.closing }

// Close stops the sweeper, commits the changes already submitted and
// closes the file. It may be called more than once, and before Start.
func (f *File) Close() error {
	f.closeOnce.Do(func() { close(f.closing) })
	f.wg.Wait()
	if err := f.DB.Close(); err != nil {
		return fmt.Errorf("%s: close: %w", f.name, err)
	}
	return nil
}
