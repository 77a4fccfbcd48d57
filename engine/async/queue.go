package async

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
)

// AWS's defaults for asynchronous invocation (Lambda developer guide,
// "Error handling and automatic retries in Lambda").
const (
	DefaultRetryBase      = time.Minute   // first retry after 1 minute, second after 2
	DefaultMaxRetries     = 2             // MaximumRetryAttempts when not configured
	DefaultMaxEventAge    = 6 * time.Hour // MaximumEventAgeInSeconds when not configured
	DefaultWorkers        = 4             // concurrent invocations per function
	maxSystemRetryBackoff = 5 * time.Minute
)

var (
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("async: queue closed")
	// ErrNotFound is returned for a missing EventInvokeConfig.
	ErrNotFound = errors.New("async: not found")
	// ErrGone is what a Resolver returns when the function (or the
	// version or alias) an event or destination names no longer exists.
	ErrGone = errors.New("async: function no longer exists")
)

var (
	bucketEvents  = []byte("events")
	bucketOutbox  = []byte("outbox")
	bucketConfigs = []byte("configs")
)

// Invoker runs one invocation; engine/invoke's Manager is the
// implementation. A Go error is a throttle or system error; a function
// error, timeout or crash is a Result with FunctionError set.
type Invoker interface {
	Invoke(ctx context.Context, fn invoke.Function, req invoke.Request) (invoke.Result, error)
}

// Target is what an event runs with at the time of an attempt.
type Target struct {
	Function      invoke.Function
	DeadLetterARN string // the version's DeadLetterConfig.TargetArn
}

// Resolver connects the queue to the control plane (lambdaapi implements it).
type Resolver interface {
	// Target resolves ev's function and qualifier now (an alias may route
	// each attempt to a different version). It returns ErrGone when the
	// function, of ev's generation, or the qualifier no longer exists.
	Target(ev *Event) (Target, error)
	// Destination turns a function ARN used as a destination into the
	// Event that invokes it with payload, or ErrGone.
	Destination(arn string, payload []byte) (Event, error)
}

// Options configures a Queue.
type Options struct {
	Path    string  // the bbolt file, normally <data-dir>/async.db
	Invoker Invoker // required
	// Queues delivers to SQS destinations and dead-letter queues; nil
	// makes every such delivery fail (and be counted).
	Queues QueueSender
	// RetryBase is the delay before the first retry after a function
	// error; the n-th retry waits n×RetryBase. Default 1 minute (AWS).
	RetryBase time.Duration
	// Workers bounds concurrent invocations per function; default 4.
	Workers int
	// Concurrency, when set, bounds a function's concurrent invocations
	// instead of Workers. Reserved concurrency plugs in here; a result
	// ≤ 0 holds the function's events in the queue until it rises.
	Concurrency func(function string) int
	Metrics     Metrics      // optional per-function hook
	Logger      *slog.Logger // default: discard
	Now         func() time.Time
}

// Queue is the durable asynchronous-invocation queue. Create it with Open,
// start dispatching with Start and release it with Close.
type Queue struct {
	opts     Options
	log      *slog.Logger
	now      func() time.Time
	db       *bolt.DB
	w        *writer
	seq      atomic.Uint64
	sched    *scheduler
	stats    counters
	resolver Resolver
	leftover []uint64 // outbox entries found at Open

	ctx     context.Context // ends at Close; attempts run under it
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	started atomic.Bool
}

// Open opens (creating if needed) the queue file and loads the index of
// queued events. Nothing is dispatched until Start.
func Open(opts Options) (*Queue, error) {
	if opts.Path == "" || opts.Invoker == nil {
		return nil, errors.New("async: Options need Path and Invoker")
	}
	opts = withDefaults(opts)
	db, err := bolt.Open(opts.Path, 0o600, &bolt.Options{Timeout: 5 * time.Second, NoFreelistSync: true})
	if err != nil {
		return nil, fmt.Errorf("async: open %s: %w", opts.Path, err)
	}
	q := &Queue{opts: opts, log: opts.Logger, now: opts.Now, db: db}
	q.stats.hook = opts.Metrics
	q.ctx, q.cancel = context.WithCancel(context.Background())
	q.sched = newScheduler(q)
	if err := q.load(); err != nil {
		_ = db.Close()
		return nil, err
	}
	q.w = newWriter(db, q.log)
	return q, nil
}

func withDefaults(opts Options) Options {
	if opts.RetryBase <= 0 {
		opts.RetryBase = DefaultRetryBase
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return opts
}

// load creates the buckets, restores the sequence counter and indexes
// every queued event with its due time.
func (q *Queue) load() error {
	return q.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketEvents, bucketOutbox, bucketConfigs} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("async: create bucket %s: %w", name, err)
			}
		}
		for _, name := range [][]byte{bucketEvents, bucketOutbox} {
			if k, _ := tx.Bucket(name).Cursor().Last(); k != nil && keySeq(k) > q.seq.Load() {
				q.seq.Store(keySeq(k))
			}
		}
		if err := tx.Bucket(bucketOutbox).ForEach(func(k, _ []byte) error {
			q.leftover = append(q.leftover, keySeq(k))
			return nil
		}); err != nil {
			return fmt.Errorf("async: read outbox: %w", err)
		}
		return tx.Bucket(bucketEvents).ForEach(func(k, v []byte) error {
			r, err := decodeRecord(v)
			if err != nil {
				return err
			}
			q.sched.restore(item{seq: keySeq(k), function: r.Function, due: r.Due})
			return nil
		})
	})
}

// Start begins dispatching queued events (those restored by Open first)
// and delivering records a previous run left undelivered.
func (q *Queue) Start(r Resolver) {
	if !q.started.CompareAndSwap(false, true) {
		return
	}
	q.resolver = r
	q.wg.Add(2)
	go func() {
		defer q.wg.Done()
		q.sched.run(q.ctx)
	}()
	go func() {
		defer q.wg.Done()
		q.redeliver()
	}()
	q.sched.kick()
}

// Close stops dispatching, waits for running attempts to end (an attempt
// interrupted here stays queued and runs again after the next Open) and
// closes the file.
func (q *Queue) Close() error {
	q.cancel()
	q.wg.Wait()
	q.w.close()
	if err := q.db.Close(); err != nil {
		return fmt.Errorf("async: close: %w", err)
	}
	return nil
}

// Enqueue durably stores ev and schedules it. It returns once the event
// is committed to disk; only then may the caller answer 202.
func (q *Queue) Enqueue(ctx context.Context, ev Event) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("async: enqueue: %w", err)
	}
	now := q.now()
	r := &record{Event: ev, EnqueuedAt: now, Due: now}
	seq := q.seq.Add(1)
	raw, err := encodeRecord(r)
	if err != nil {
		return err
	}
	if err := q.w.submit(putOp(bucketEvents, seq, raw)); err != nil {
		return err
	}
	q.stats.received(ev.Function)
	q.sched.add(item{seq: seq, function: ev.Function, due: now})
	return nil
}

func putOp(bucket []byte, seq uint64, raw []byte) op {
	return func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucket).Put(seqKey(seq), raw); err != nil {
			return fmt.Errorf("put %s/%d: %w", bucket, seq, err)
		}
		return nil
	}
}

func deleteOp(bucket []byte, seq uint64) op {
	return func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucket).Delete(seqKey(seq)); err != nil {
			return fmt.Errorf("delete %s/%d: %w", bucket, seq, err)
		}
		return nil
	}
}

// Pending returns how many events are queued (due or waiting to retry).
func (q *Queue) Pending() int { return q.sched.pending() }
