// Package kinesis is the engine's Amazon Kinesis Data Streams-compatible
// service: provisioned and on-demand streams whose records are routed to
// shards by the MD5 hash of their partition key, read back in order through
// shard iterators, kept for the stream's retention period and tagged, served
// over Kinesis's wire protocol (AWS JSON 1.1, and the CBOR variant that the
// Java SDKs and the KCL send) and usable in-process through Store's Go API
// (event source mappings poll it with Iterator, GetRecords and Notify).
//
// Stream metadata lives in memory; records live only in their own bbolt
// file (normally <data-dir>/kinesis.db), keyed per shard by arrival time
// and a per-shard counter, so a day of retained records costs disk, not
// memory, and a read is a cursor scan. Every change is group-committed (see
// commit.go): PutRecord(s) returns only once its records are fsynced, so an
// acknowledged record survives kill -9.
package kinesis

import (
	"cmp"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/boltbatch"
)

// Options configures a Store.
type Options struct {
	// Region and AccountID form stream ARNs and error messages; defaults
	// "us-east-1" and "000000000000".
	Region, AccountID string
	// TransitionDelay is how long a stream stays CREATING after
	// CreateStream and DELETING after DeleteStream; default 100ms. AWS
	// takes seconds; clients wait for ACTIVE either way.
	TransitionDelay time.Duration
	// ShardLimit bounds the shards of all streams together, as the
	// account's shard quota does on AWS; default 500.
	ShardLimit int
	// SweepInterval is how often records past their stream's retention
	// period are deleted from the file; default one minute. Reads skip
	// such records whether or not they have been swept.
	SweepInterval time.Duration
	// Logger defaults to discarding.
	Logger *slog.Logger
	// Now is the clock; default time.Now. Tests inject a settable clock.
	Now func() time.Time
}

// Store holds every stream. All methods are safe for concurrent use.
type Store struct {
	file       *boltbatch.File
	log        *slog.Logger
	now        func() time.Time
	region     string
	account    string
	transition time.Duration
	shardLimit int

	// mu guards streams and everything reachable from them. Changes are
	// made in memory and handed to the writer while mu is held, so the
	// writer commits them in the order they happened; in particular the
	// records of a shard are committed in sequence-number order.
	mu      sync.Mutex
	streams map[string]*stream
}

const (
	defaultTransition = 100 * time.Millisecond
	defaultShardLimit = 500
)

// Open opens (creating if needed) the store file at path, loads its
// streams and starts the committer and the retention sweeper.
func Open(path string, opts Options) (*Store, error) {
	s := &Store{
		log: cmp.Or(opts.Logger, slog.New(slog.DiscardHandler)), now: opts.Now,
		region: cmp.Or(opts.Region, "us-east-1"), account: cmp.Or(opts.AccountID, "000000000000"),
		transition: opts.TransitionDelay, shardLimit: opts.ShardLimit, streams: map[string]*stream{},
	}
	s.applyDefaults()
	f, err := boltbatch.Open(path, "kinesis", s.log, ErrClosed)
	if err != nil {
		return nil, err
	}
	s.file = f
	pending, err := s.load()
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("kinesis: load %s: %w", path, err)
	}
	f.Start(opts.SweepInterval, s.sweep)
	// Transitions interrupted by the last shutdown finish now.
	for _, st := range pending {
		s.scheduleTransition(st)
	}
	return s, nil
}

// applyDefaults fills in what cmp.Or cannot: a clock, and the settings
// for which a negative value also means the default.
func (s *Store) applyDefaults() {
	if s.now == nil {
		s.now = time.Now
	}
	if s.transition <= 0 {
		s.transition = defaultTransition
	}
	if s.shardLimit <= 0 {
		s.shardLimit = defaultShardLimit
	}
}

// Close wakes waiting pollers, commits changes already handed to the
// writer and closes the file. Calls that had not reached the writer get
// ErrClosed.
func (s *Store) Close() error { return s.file.Close() }

func (s *Store) nowMillis() int64 { return s.now().UnixMilli() }

// Region and AccountID are the values stream ARNs carry.
func (s *Store) Region() string    { return s.region }
func (s *Store) AccountID() string { return s.account }
