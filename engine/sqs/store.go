// Package sqs is the engine's Amazon SQS-compatible queue service: standard
// and FIFO queues with delays, visibility timeouts, long polling, dead-letter
// redrive and retention, served over both of SQS's wire protocols (AWS JSON
// 1.0, which current SDKs use, and the older query protocol that the AWS CLI
// v1/early v2 send) and usable in-process through Store's Go API (event
// source mappings and dead-letter queues for asynchronous invocation).
//
// Queues and messages live in memory for fast polling and are written
// through to their own bbolt file (normally <data-dir>/sqs.db), apart from
// the control-plane store, so a burst of queue traffic never holds the lock
// that deployments need. Every change is group-committed (see commit.go):
// a call returns only once its change is fsynced, so an acknowledged send
// survives kill -9, and receive counts and visibility deadlines survive a
// restart (messages that were in flight become visible when their timeout
// runs out, as they would have anyway).
package sqs

import (
	"cmp"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/boltbatch"
)

// Options configures a Store.
type Options struct {
	// Region and AccountID form queue ARNs and URLs; defaults "us-east-1"
	// and "000000000000".
	Region, AccountID string
	// SweepInterval is how often messages past their retention period and
	// expired deduplication IDs are deleted; default one minute.
	SweepInterval time.Duration
	// Logger defaults to discarding.
	Logger *slog.Logger
	// Now is the clock; default time.Now. Tests inject a settable clock.
	Now func() time.Time
}

// Store holds every queue. All methods are safe for concurrent use.
type Store struct {
	file    *boltbatch.File
	log     *slog.Logger
	now     func() time.Time
	region  string
	account string

	// mu guards queues and everything reachable from them. Changes are
	// made in memory and handed to the writer while mu is held, so the
	// writer commits them in the order they happened.
	mu     sync.Mutex
	queues map[string]*queue

	// polling counts receives waiting in a long poll.
	polling atomic.Int32
}

// Open opens (creating if needed) the store file at path, loads its queues
// and starts the committer and the retention sweeper.
func Open(path string, opts Options) (*Store, error) {
	s := &Store{
		log: cmp.Or(opts.Logger, slog.New(slog.DiscardHandler)), now: opts.Now,
		region: cmp.Or(opts.Region, "us-east-1"), account: cmp.Or(opts.AccountID, "000000000000"),
		queues: map[string]*queue{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	f, err := boltbatch.Open(path, "sqs", s.log, ErrClosed)
	if err != nil {
		return nil, err
	}
	s.file = f
	if err := s.load(); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("sqs: load %s: %w", path, err)
	}
	f.Start(opts.SweepInterval, s.sweep)
	return s, nil
}

// Close wakes long polls, commits changes already handed to the writer and
// closes the file. Calls that had not reached the writer get ErrClosed.
func (s *Store) Close() error { return s.file.Close() }

func (s *Store) nowMillis() int64 { return s.now().UnixMilli() }

// Region and AccountID are the values queue ARNs and URLs carry.
func (s *Store) Region() string    { return s.region }
func (s *Store) AccountID() string { return s.account }
