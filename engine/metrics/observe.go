package metrics

import "time"

// InvokeObserver is what the invoke path reports. InvocationStarted and
// InvocationFinished come in pairs for every invocation that got an
// execution environment; Throttled replaces both for one that was refused
// for lack of concurrency. qualifier is the version or alias the caller
// named ("" when unqualified), executedVersion the version that ran.
// errType is the function error type ("Unhandled", "Handled" or the
// runtime's), "" on success; provisioned says whether a provisioned
// environment served the invocation.
type InvokeObserver interface {
	InvocationStarted(fn, qualifier string)
	InvocationFinished(fn, qualifier, executedVersion string, duration time.Duration, errType string, provisioned bool)
	Throttled(fn, qualifier string)
}

// AsyncObserver is what the asynchronous invocation queue reports.
type AsyncObserver interface {
	// AsyncEventReceived: an Event invocation was queued.
	AsyncEventReceived(fn, qualifier string)
	// AsyncEventDequeued: a queued event is about to be invoked, age after
	// it was queued (AsyncEventAge).
	AsyncEventDequeued(fn, qualifier string, age time.Duration)
	// AsyncEventDropped: an event was discarded (too old, retries
	// exhausted, throttled too long) without reaching a destination.
	AsyncEventDropped(fn, qualifier string)
	// DeadLetterError: sending an event to the dead-letter queue failed.
	DeadLetterError(fn, qualifier string)
	// DestinationDeliveryFailure: sending a record to an on-success or
	// on-failure destination failed.
	DestinationDeliveryFailure(fn, qualifier string)
}

// StreamObserver is what an event source mapping reports for each batch
// it invokes with: age is how old the batch's newest record was.
type StreamObserver interface {
	IteratorAge(fn, qualifier string, age time.Duration)
}

// ConcurrencyObserver is told the concurrency settings the derived
// metrics need: UnreservedConcurrentExecutions leaves out functions with
// reserved concurrency, and the provisioned-concurrency metrics exist for
// a version or alias with provisioned concurrency allocated. The engine
// reports every setting at start-up and on each change.
type ConcurrencyObserver interface {
	ReservedConcurrencyChanged(fn string, reserved bool)
	ProvisionedConcurrencyChanged(fn, qualifier string, allocated int)
}

// ErrTypeEngine is the errType the invoke path reports for an invocation
// the engine could not run at all (invoke.Observer's "Engine.Error").
const ErrTypeEngine = "Engine.Error"

var (
	_ InvokeObserver      = (*Recorder)(nil)
	_ AsyncObserver       = (*Recorder)(nil)
	_ StreamObserver      = (*Recorder)(nil)
	_ ConcurrencyObserver = (*Recorder)(nil)
)

// InvocationStarted samples ConcurrentExecutions (account, function and
// resource level), UnreservedConcurrentExecutions and, with provisioned
// concurrency allocated, ProvisionedConcurrentExecutions and
// ProvisionedConcurrencyUtilization. Maximum is the statistic that
// describes concurrency, as on AWS.
func (r *Recorder) InvocationStarted(fn, qualifier string) {
	h := r.handle(fn, qualifier, "")
	m := r.minute()
	res := h.res
	nRes, nFn, nAll := res.inflight.Add(1), res.fn.inflight.Add(1), r.inflight.Add(1)
	ls := h.levels(mConcurrentExecutions)
	ls[idxAccount].add(m, float64(nAll))
	ls[idxFunction].add(m, float64(nFn))
	if s := ls[idxResource]; s != nil {
		s.add(m, float64(nRes))
	}
	h.levels(mUnreservedConcurrentExecutions)[idxAccount].add(m, float64(r.unreserved(nAll)))
	if alloc := res.provisioned.Load(); alloc > 0 && qualifier != "" {
		// Provisioned environments serve first; the rest spill over.
		busy := min(nRes, alloc)
		h.levels(mProvisionedConcurrentExecutions)[idxResource].add(m, float64(busy))
		h.levels(mProvisionedConcurrencyUtilization)[idxResource].add(m, float64(busy)/float64(alloc))
	}
}

// unreserved is the account's running invocations less those of
// functions with reserved concurrency.
func (r *Recorder) unreserved(all int64) int64 {
	if p := r.reserved.Load(); p != nil {
		for _, f := range *p {
			all -= f.inflight.Load()
		}
	}
	return max(all, 0)
}

// InvocationFinished records Invocations, Errors (0 or 1 per invocation,
// so Average is the error rate), Duration in milliseconds and, where
// provisioned concurrency is allocated, which kind of environment served.
func (r *Recorder) InvocationFinished(fn, qualifier, executedVersion string, duration time.Duration, errType string, provisioned bool) {
	h := r.handle(fn, qualifier, executedVersion)
	m := r.minute()
	res := h.res
	res.inflight.Add(-1)
	res.fn.inflight.Add(-1)
	r.inflight.Add(-1)
	if errType == ErrTypeEngine {
		// Lambda counts no invocation that failed before the code ran.
		return
	}
	failed := 0.0
	if errType != "" {
		failed = 1
	}
	ms := float64(duration) / float64(time.Millisecond)
	h.record(mInvocations, m, 1)
	h.record(mErrors, m, failed)
	h.record(mDuration, m, ms)
	switch {
	case provisioned:
		h.record(mProvisionedConcurrencyInvocations, m, 1)
	case res.provisioned.Load() > 0:
		h.record(mProvisionedConcurrencySpilloverInvocations, m, 1)
	}
	h.counter(pInvocations).Inc()
	h.counter(pErrors).Add(failed) // created at 0, so "no errors" is visible
	h.observer(pDuration).Observe(duration.Seconds())
	switch {
	case provisioned:
		h.counter(pProvisionedInvocations).Inc()
	case res.provisioned.Load() > 0:
		h.counter(pSpilloverInvocations).Inc()
	}
}

// Throttled records Throttles.
func (r *Recorder) Throttled(fn, qualifier string) {
	h := r.handle(fn, qualifier, "")
	h.record(mThrottles, r.minute(), 1)
	h.counter(pThrottles).Inc()
}

// AsyncEventReceived records AsyncEventsReceived.
func (r *Recorder) AsyncEventReceived(fn, qualifier string) {
	h := r.handle(fn, qualifier, "")
	h.record(mAsyncEventsReceived, r.minute(), 1)
	h.counter(pAsyncReceived).Inc()
}

// AsyncEventDequeued records AsyncEventAge in milliseconds.
func (r *Recorder) AsyncEventDequeued(fn, qualifier string, age time.Duration) {
	h := r.handle(fn, qualifier, "")
	h.record(mAsyncEventAge, r.minute(), float64(age)/float64(time.Millisecond))
	h.observer(pAsyncEventAge).Observe(age.Seconds())
}

// AsyncEventDropped records AsyncEventsDropped.
func (r *Recorder) AsyncEventDropped(fn, qualifier string) {
	h := r.handle(fn, qualifier, "")
	h.record(mAsyncEventsDropped, r.minute(), 1)
	h.counter(pAsyncDropped).Inc()
}

// DeadLetterError records DeadLetterErrors.
func (r *Recorder) DeadLetterError(fn, qualifier string) {
	h := r.handle(fn, qualifier, "")
	h.record(mDeadLetterErrors, r.minute(), 1)
	h.counter(pDeadLetterErrors).Inc()
}

// DestinationDeliveryFailure records DestinationDeliveryFailures.
func (r *Recorder) DestinationDeliveryFailure(fn, qualifier string) {
	h := r.handle(fn, qualifier, "")
	h.record(mDestinationDeliveryFailures, r.minute(), 1)
	h.counter(pDestinationFailures).Inc()
}

// IteratorAge records IteratorAge in milliseconds.
func (r *Recorder) IteratorAge(fn, qualifier string, age time.Duration) {
	h := r.handle(fn, qualifier, "")
	ms := age.Milliseconds()
	h.record(mIteratorAge, r.minute(), float64(age)/float64(time.Millisecond))
	h.res.iteratorAge.Store(ms)
}

// ReservedConcurrencyChanged notes whether fn has reserved concurrency.
func (r *Recorder) ReservedConcurrencyChanged(fn string, reserved bool) {
	f := r.resource(fn, "").fn
	r.mu.Lock()
	defer r.mu.Unlock()
	f.reserved.Store(reserved)
	var list []*funcState
	for _, g := range r.functions {
		if g.reserved.Load() {
			list = append(list, g)
		}
	}
	r.reserved.Store(&list)
}

// ProvisionedConcurrencyChanged notes the provisioned concurrency
// allocated to fn:qualifier (0 when removed).
func (r *Recorder) ProvisionedConcurrencyChanged(fn, qualifier string, allocated int) {
	r.resource(fn, qualifier).provisioned.Store(int64(max(allocated, 0)))
}
