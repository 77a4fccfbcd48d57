package invoke

import (
	"context"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/runtimeapi"
	"github.com/lambdaform/terraform-provider-lambda/engine/sandbox"
)

// ending is how the wait for an invocation's answer ended.
type ending int

const (
	endAnswered    ending = iota // the runtime posted a response or error
	endUndelivered               // the runtime died before taking the event
	endCrashed                   // the runtime died while handling it
	endTimedOut
	endCancelled
)

// await waits for the runtime's answer, its death, the timeout or ctx.
func (e *env) await(ctx context.Context) (runtimeapi.Outcome, ending) {
	select {
	case o := <-e.api.Outcomes():
		return o, endAnswered
	case <-e.proc.Exited():
		// An answer is queued before the runtime hears 202, so one that
		// answered and then exited (aws-lambda-go after a panic) counts.
		select {
		case o := <-e.api.Outcomes():
			return o, endAnswered
		default:
		}
		if !e.api.Delivered() {
			return runtimeapi.Outcome{}, endUndelivered
		}
		return runtimeapi.Outcome{}, endCrashed
	case <-e.timer.C:
		return runtimeapi.Outcome{}, endTimedOut
	case <-ctx.Done():
		return runtimeapi.Outcome{}, endCancelled
	}
}

// run performs one invocation on a ready environment. retry is true when
// the event never reached the runtime, so another environment may run it.
func (m *Manager) run(ctx context.Context, e *env, fn Function, req Request, initLines []sandbox.Line) (res Result, retry bool, err error) {
	timeout := time.Duration(fn.TimeoutSec) * time.Second
	start := time.Now()
	// A fresh Invocation each time: the Runtime API may still be writing
	// the previous one to a runtime that timed out.
	e.api.Dispatch(&runtimeapi.Invocation{RequestID: req.RequestID, Payload: req.Payload,
		DeadlineMs: start.Add(timeout).UnixMilli(), FunctionARN: fn.ARN,
		TraceID: newTraceID(start), ClientContext: req.ClientContext})
	e.timer.Reset(timeout)
	o, how := e.await(ctx)
	e.timer.Stop()
	end := time.Now()

	rep := &report{requestID: req.RequestID, version: versionOf(fn), start: start, end: end,
		duration: end.Sub(start), init: e.initDur, memoryMB: fn.MemoryMB, status: "success", timeoutSec: fn.TimeoutSec}
	e.initDur = 0
	switch how {
	case endUndelivered:
		e.broken = true
		return Result{}, true, nil
	case endAnswered:
		res = answered(o, rep)
	case endCrashed:
		e.broken = true
		res = crashed(e.proc.Exit(), req.RequestID, rep)
	case endTimedOut:
		e.broken = true
		e.proc.KillNow()
		rep.duration, rep.status, rep.errorType = timeout, "timeout", typeTimedout
		res = Result{Payload: platformError(req.RequestID, typeTimedout, timeoutMessage(fn.TimeoutSec)),
			FunctionError: "Unhandled", ErrorType: typeTimedout}
	case endCancelled:
		// The caller is gone; AWS would let the function finish, but
		// nobody can receive its answer here, so the environment goes.
		e.broken = true
		e.proc.KillNow()
		err = ctx.Err()
	}
	m.finish(e, fn, req, rep, &res, initLines)
	return res, false, err
}

// answered turns the runtime's answer into the caller's result.
func answered(o runtimeapi.Outcome, rep *report) Result {
	switch o.Kind {
	case runtimeapi.KindError:
		rep.status, rep.errorType = "error", o.ErrorType
		return Result{Payload: o.Body, FunctionError: "Unhandled", ErrorType: o.ErrorType}
	case runtimeapi.KindTooLarge:
		rep.status, rep.errorType = "error", typeResponseTooBig
		return Result{Payload: tooLargeBody(), FunctionError: "Unhandled", ErrorType: typeResponseTooBig}
	default:
		return Result{Payload: o.Body}
	}
}

func crashed(ex sandbox.Exit, requestID string, rep *report) Result {
	typ, msg := exitFailure(ex)
	rep.status, rep.errorType, rep.platformFailure = "error", typ, true
	return Result{Payload: platformError(requestID, typ, msg), FunctionError: "Unhandled", ErrorType: typ}
}

// finish collects the invocation's output, measures memory and ephemeral
// storage, writes the platform lines and fills in the result's metrics.
func (m *Manager) finish(e *env, fn Function, req Request, rep *report, res *Result, initLines []sandbox.Line) {
	if rep.status == "timeout" {
		<-e.proc.Exited() // SIGKILLed: the peak is final once it is gone
	}
	// Background: the marker always comes back unless the pipe closed,
	// which Sync also notices.
	_ = e.out.Sync(context.Background())
	e.lines = e.out.Take(e.lines[:0])
	rep.maxMemMB = megabytes(e.proc.PeakMemoryBytes())
	if rep.errorType == typeOutOfMemory {
		rep.maxMemMB = fn.MemoryMB
	}
	if !e.broken {
		m.checkEphemeral(e, fn)
	}
	events := m.events(fn, rep, initLines, e.lines)
	res.Duration, res.InitDuration, res.MaxMemoryUsedMB = rep.duration, rep.init, rep.maxMemMB
	if req.WantLogTail {
		res.LogTail = logTail(events)
	}
	m.ship.send(logBatch{group: fn.LogGroup, stream: e.stream, events: events})
}

// events lays out one invocation's log: output from init, START, the
// function's lines, the timeout notice, END, REPORT.
func (m *Manager) events(fn Function, rep *report, initLines, lines []sandbox.Line) []LogEvent {
	ev := make([]LogEvent, 0, len(initLines)+len(lines)+4)
	ev = appendLines(ev, initLines)
	jsonFmt := fn.LogFormat == "JSON"
	if jsonFmt {
		ev = append(ev, LogEvent{Time: rep.start, Message: rep.startJSON()})
	} else {
		ev = append(ev, LogEvent{Time: rep.start, Message: rep.startText()})
	}
	ev = appendLines(ev, lines)
	if rep.status == "timeout" && !jsonFmt {
		ev = append(ev, LogEvent{Time: rep.end, Message: rep.timeoutText()})
	}
	if jsonFmt {
		return append(ev, LogEvent{Time: rep.end, Message: rep.reportJSON()})
	}
	return append(ev, LogEvent{Time: rep.end, Message: rep.endText()},
		LogEvent{Time: rep.end, Message: rep.reportText()})
}

// checkEphemeral measures the private temp dir after the invocation. An
// environment over its EphemeralStorage size is retired, so the next
// invocation starts with an empty one (see DESIGN in manager.go).
func (m *Manager) checkEphemeral(e *env, fn Function) {
	limit := int64(fn.EphemeralMB) << 20
	used, err := e.tmp.Usage()
	if err != nil || (limit > 0 && used > limit) {
		m.log.Warn("ephemeral storage over its size; environment retired",
			"function", fn.Name, "env", e.id, "usedBytes", used, "limitMB", fn.EphemeralMB, "error", err)
		e.broken = true
	}
}

func megabytes(b int64) int {
	if b <= 0 {
		return 0
	}
	return int((b + 1<<20 - 1) >> 20)
}
