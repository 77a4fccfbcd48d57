package async

import (
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
)

// Conditions of destination records (AWS's requestContext.condition).
const (
	condSuccess          = "Success"
	condRetriesExhausted = "RetriesExhausted"
	condEventAgeExceeded = "EventAgeExceeded"
)

// policy is the EventInvokeConfig in force for one attempt.
type policy struct {
	maxRetries int
	maxAge     time.Duration
	onSuccess  string
	onFailure  string
}

// attempt is what one dispatch of an event learned.
type attempt struct {
	seq    uint64
	rec    *record
	pol    policy
	target Target
	res    *invoke.Result // nil when the function did not run
	err    error          // throttle or system error
}

// process runs one attempt of the event stored under seq and records its
// outcome.
func (q *Queue) process(seq uint64) {
	rec, err := q.read(seq)
	if err != nil {
		q.log.Error("async: read queued event", "seq", seq, "error", err)
		return
	}
	if rec == nil {
		return // finished by an earlier attempt
	}
	a := &attempt{seq: seq, rec: rec, pol: q.policy(&rec.Event)}
	a.target, a.err = q.resolver.Target(&rec.Event)
	if errors.Is(a.err, ErrGone) {
		q.drop(a, "its function no longer exists")
		return
	}
	now := q.now()
	if a.err == nil && now.After(rec.EnqueuedAt.Add(a.pol.maxAge)) {
		q.finish(a, condEventAgeExceeded)
		return
	}
	if a.err == nil {
		q.stats.age(rec.Function, now.Sub(rec.EnqueuedAt))
		a.invoke(q)
		if q.ctx.Err() != nil {
			return // shutting down: the event stays queued as last committed
		}
	}
	q.settle(a)
}

func (a *attempt) invoke(q *Queue) {
	ev := &a.rec.Event
	res, err := q.opts.Invoker.Invoke(q.ctx, a.target.Function, invoke.Request{
		RequestID: ev.RequestID, Payload: ev.Payload, ClientContext: ev.ClientContext,
	})
	if err != nil {
		a.err = err
		return
	}
	a.res = &res
}

// settle decides between success, a retry and failure. Function errors
// (including timeouts and crashes) are retried MaximumRetryAttempts times,
// n×RetryBase apart; throttles and system errors are retried with
// exponential backoff (1 s doubling to 5 min) for as long as the event's
// age allows. Like AWS, a retry that could not start before the maximum
// event age ends the event at once with EventAgeExceeded.
func (q *Queue) settle(a *attempt) {
	r := a.rec
	var delay time.Duration
	switch {
	case a.err != nil:
		r.SystemRetries++
		delay = systemBackoff(r.SystemRetries)
		q.log.Warn("async: invocation failed; retrying", "function", r.Function, "request_id", r.RequestID, "error", a.err, "delay", delay)
	case a.res.FunctionError != "":
		r.Attempts++
		r.SystemRetries = 0
		if r.Attempts > a.pol.maxRetries {
			q.finish(a, condRetriesExhausted)
			return
		}
		delay = time.Duration(r.Attempts) * q.opts.RetryBase
	default:
		r.Attempts++
		q.finish(a, condSuccess)
		return
	}
	now := q.now()
	if now.Add(delay).After(r.EnqueuedAt.Add(a.pol.maxAge)) {
		q.finish(a, condEventAgeExceeded)
		return
	}
	q.retry(a, now.Add(delay))
}

func systemBackoff(n int) time.Duration {
	if n > 9 {
		return maxSystemRetryBackoff
	}
	return min(time.Second<<(n-1), maxSystemRetryBackoff)
}

// retry commits the event's progress and schedules it again. If the commit
// fails the event is still retried; after a crash it would run with the
// progress last committed.
func (q *Queue) retry(a *attempt, due time.Time) {
	a.rec.Due = due
	raw, err := encodeRecord(a.rec)
	if err == nil {
		err = q.w.submit(putOp(bucketEvents, a.seq, raw))
	}
	if err != nil {
		q.log.Error("async: record retry", "function", a.rec.Function, "request_id", a.rec.RequestID, "error", err)
	}
	q.sched.add(item{seq: a.seq, function: a.rec.Function, due: due})
}

// drop removes an event that can no longer run.
func (q *Queue) drop(a *attempt, why string) {
	q.log.Warn("async: dropping event: "+why, "function", a.rec.Function, "request_id", a.rec.RequestID)
	if err := q.w.submit(deleteOp(bucketEvents, a.seq)); err != nil {
		q.log.Error("async: drop event", "request_id", a.rec.RequestID, "error", err)
	}
	q.stats.dropped(a.rec.Function)
}

// read loads the stored event, or nil if there is none.
func (q *Queue) read(seq uint64) (*record, error) {
	var rec *record
	err := q.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketEvents).Get(seqKey(seq))
		if raw == nil {
			return nil
		}
		var err error
		rec, err = decodeRecord(raw)
		return err
	})
	return rec, err
}

// policy reads the EventInvokeConfig of ev's qualifier, with AWS's
// defaults for what it leaves unset.
func (q *Queue) policy(ev *Event) policy {
	p := policy{maxRetries: DefaultMaxRetries, maxAge: DefaultMaxEventAge}
	c, err := q.Config(ev.Function, ev.configQualifier(), ev.Generation)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			q.log.Error("async: read EventInvokeConfig; using defaults", "function", ev.Function, "error", err)
		}
		return p
	}
	if c.MaximumRetryAttempts != nil {
		p.maxRetries = *c.MaximumRetryAttempts
	}
	if c.MaximumEventAgeInSeconds != nil {
		p.maxAge = time.Duration(*c.MaximumEventAgeInSeconds) * time.Second
	}
	p.onSuccess, p.onFailure = c.OnSuccess, c.OnFailure
	return p
}
