package invoke

import (
	"sync/atomic"
	"time"
)

// Observer receives every invocation's concurrency events, for metrics
// (AWS's Invocations, Errors, Throttles, Duration, ConcurrentExecutions,
// ProvisionedConcurrencyInvocations and …SpilloverInvocations). Calls come
// from many goroutines at once, with no lock held, and must not block.
//
// fn is the function name; qualifier is the alias or version it was
// invoked with ("" when unqualified).
type Observer interface {
	// InvocationStarted: the invocation was admitted and now counts
	// towards concurrency until InvocationFinished.
	InvocationStarted(fn, qualifier string)
	// InvocationFinished follows every InvocationStarted. executedVersion
	// is the version that ran; d its duration (0 when it never ran);
	// errType the function's or platform's error type ("" on success,
	// "Engine.Error" when it could not be run at all); provisioned whether
	// it ran on a provisioned-concurrency environment.
	InvocationFinished(fn, qualifier, executedVersion string, d time.Duration, errType string, provisioned bool)
	// Throttled: the invocation was refused by a concurrency limit; no
	// InvocationStarted/Finished follow.
	Throttled(fn, qualifier string)
}

// errTypeEngine is InvocationFinished's errType for an invocation the
// engine could not run (for example the caller went away).
const errTypeEngine = "Engine.Error"

type nopObserver struct{}

func (nopObserver) InvocationStarted(string, string) {}
func (nopObserver) InvocationFinished(string, string, string, time.Duration, string, bool) {
}
func (nopObserver) Throttled(string, string) {}

// ConcurrencyStats are the Manager's concurrency counters since it started.
type ConcurrencyStats struct {
	Invocations            uint64 // admitted
	Throttles              uint64
	ProvisionedInvocations uint64 // ran on a provisioned environment
	InFlight               int64  // running now
}

type concCounters struct {
	invocations, throttles, provisioned atomic.Uint64
	inflight                            atomic.Int64
}

// ConcurrencyStats returns the counters so far.
func (m *Manager) ConcurrencyStats() ConcurrencyStats {
	c := &m.counters
	return ConcurrencyStats{Invocations: c.invocations.Load(), Throttles: c.throttles.Load(),
		ProvisionedInvocations: c.provisioned.Load(), InFlight: c.inflight.Load()}
}
