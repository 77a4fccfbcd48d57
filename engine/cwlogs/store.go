// Package cwlogs keeps function log events durably and serves them through
// the subset of the CloudWatch Logs JSON 1.1 API that the AWS CLI (including
// `aws logs tail --follow`), the SDKs and `lambdaform logs` use.
//
// Events live in their own bbolt file (normally <data-dir>/logs.db), apart
// from the control-plane store: log traffic is high-volume and append-only,
// and keeping it in a separate file means a burst of logging never holds the
// write lock that function deployments need, and the logs file can be
// deleted to reclaim space without touching function state. bbolt gives
// atomic, fsynced transactions, so a committed append survives kill -9.
package cwlogs

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Event is one log line as the execution environment captured it.
type Event struct {
	Time    time.Time
	Message string
}

// Options configures a Store.
type Options struct {
	// DefaultRetention is the retention given to log groups that Append
	// creates (groups created through the API start without one, as in AWS).
	// Zero keeps events forever; otherwise it must be a whole number of days
	// that PutRetentionPolicy accepts.
	DefaultRetention time.Duration
	// SweepInterval is how often expired events are deleted; default 10m.
	SweepInterval time.Duration
	// Logger defaults to discarding.
	Logger *slog.Logger
	// Now is the clock; default time.Now. Tests inject a fixed clock.
	Now func() time.Time
}

// Store is a durable log-event store. All methods are safe for concurrent use.
type Store struct {
	db            *bolt.DB
	log           *slog.Logger
	now           func() time.Time
	retentionDays int
	appends       chan *appendReq
	closing       chan struct{}
	closeOnce     sync.Once
	wg            sync.WaitGroup
}

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("cwlogs: store is closed")

// Errors the API layer maps to AWS error types.
var (
	errGroupNotFound  = errors.New("log group does not exist")
	errStreamNotFound = errors.New("log stream does not exist")
	errGroupExists    = errors.New("log group already exists")
	errStreamExists   = errors.New("log stream already exists")
)

const defaultSweepInterval = 10 * time.Minute

// Open opens (creating if needed) the store file at path and starts the
// committer and the retention sweeper.
func Open(path string, opts Options) (*Store, error) {
	days, err := retentionDaysOf(opts.DefaultRetention)
	if err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("cwlogs: open %s: %w", path, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(groupsBucket)
		return err
	}); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("cwlogs: initialise %s: %w", path, err)
	}
	s := &Store{
		db: db, log: opts.Logger, now: opts.Now, retentionDays: days,
		appends: make(chan *appendReq), closing: make(chan struct{}),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	interval := opts.SweepInterval
	if interval <= 0 {
		interval = defaultSweepInterval
	}
	s.wg.Add(2)
	go s.commitLoop()
	go s.sweepLoop(interval)
	return s, nil
}

// retentionDaysOf converts Options.DefaultRetention to an allowed day count.
func retentionDaysOf(d time.Duration) (int, error) {
	if d == 0 {
		return 0, nil
	}
	days := int(d / (24 * time.Hour))
	if d%(24*time.Hour) != 0 || !validRetention(days) {
		return 0, fmt.Errorf("cwlogs: default retention %s is not one of CloudWatch Logs' retention periods (%v days)", d, retentionDays)
	}
	return days, nil
}

// Close stops the sweeper, commits appends already handed to the committer,
// and closes the file. Appends that had not reached the committer get
// ErrClosed.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	s.wg.Wait()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("cwlogs: close: %w", err)
	}
	return nil
}

func (s *Store) nowMillis() int64 { return s.now().UnixMilli() }
