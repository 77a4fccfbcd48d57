package invoke

import (
	"context"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/sandbox"
)

// initialise runs a new environment's Init phase. On success it returns
// the (possibly replaced) environment, ready, with the output init wrote.
// On failure ok is false and res is what the caller receives; the returned
// environment, if any, must still be released.
func (m *Manager) initialise(ctx context.Context, e *env, fn Function, req Request) (_ *env, lines []sandbox.Line, res Result, ok bool, err error) {
	o, err := e.awaitInit(ctx, req.RequestID, initLimit)
	if err == nil && o.timedOut {
		// AWS retries an Init phase that overran its 10 s during the
		// invocation itself, bounded by the function's timeout.
		e, o, err = m.retryInit(ctx, e, fn, req)
	}
	if err != nil {
		if e != nil {
			e.broken = true
		}
		return e, nil, Result{}, false, err
	}
	if !o.ok {
		e.broken = true
		return e, nil, m.initFailed(e, fn, req, o), false, nil
	}
	_ = e.out.Sync(context.Background())
	e.initDur = o.duration
	return e, e.out.Take(nil), Result{}, true, nil
}

func (m *Manager) retryInit(ctx context.Context, e *env, fn Function, req Request) (*env, initOutcome, error) {
	m.ship.send(logBatch{group: fn.LogGroup, stream: e.stream,
		events: initReport(e, initOutcome{timedOut: true, typ: typeTimedout, duration: initLimit})})
	e.broken = true
	m.release(e)
	e2, _, err := m.startCold(fn, m.poolFor(fn))
	if err != nil {
		return nil, initOutcome{}, err
	}
	limit := time.Duration(fn.TimeoutSec) * time.Second
	o, err := e2.awaitInit(ctx, req.RequestID, limit)
	if err == nil && o.timedOut {
		o.body = platformError(req.RequestID, typeTimedout, timeoutMessage(fn.TimeoutSec))
	}
	return e2, o, err
}

// poolFor is the pool of fn's configuration (counting one more user).
func (m *Manager) poolFor(fn Function) *pool {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.poolLocked(keyOf(fn))
	p.busy++
	m.envs.Add(1)
	return p
}

// initReport returns the output written during a failed Init followed by
// AWS's INIT_REPORT line.
func initReport(e *env, o initOutcome) []LogEvent {
	_ = e.out.Sync(context.Background())
	ev := appendLines(nil, e.out.Take(nil))
	return append(ev, LogEvent{Time: time.Now(), Message: initText(o)})
}

// initFailed reports a failed Init: the output and INIT_REPORT, then the
// invocation's START/END/REPORT with the error, as AWS logs a suppressed
// init, and the error body for the caller.
func (m *Manager) initFailed(e *env, fn Function, req Request, o initOutcome) Result {
	if o.timedOut {
		o.typ = typeTimedout
	}
	prefix := initReport(e, o)
	now := time.Now()
	rep := &report{requestID: req.RequestID, version: versionOf(fn), start: now.Add(-o.duration), end: now,
		duration: o.duration, memoryMB: fn.MemoryMB, status: "error", errorType: o.typ, platformFailure: true,
		timeoutSec: fn.TimeoutSec}
	if o.timedOut {
		rep.status = "timeout"
	}
	if e.proc != nil {
		rep.maxMemMB = megabytes(e.proc.PeakMemoryBytes())
	}
	events := append(prefix, m.events(fn, rep, nil, nil)...)
	m.ship.send(logBatch{group: fn.LogGroup, stream: e.stream, events: events})
	res := Result{Payload: o.body, FunctionError: "Unhandled", ErrorType: o.typ, Duration: o.duration, MaxMemoryUsedMB: rep.maxMemMB}
	if req.WantLogTail {
		res.LogTail = logTail(events)
	}
	return res
}
