package invoke

import (
	"context"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/runtimeapi"
)

// initLimit is AWS's bound on the Init phase of an on-demand environment.
const initLimit = 10 * time.Second

// initOutcome is how an environment's Init phase ended.
type initOutcome struct {
	ok       bool
	timedOut bool
	body     []byte // error body for the caller when !ok
	typ      string // error type when !ok
	duration time.Duration
}

// awaitInit waits until the runtime first asks for an event (ready), posts
// an init error, exits, or runs past limit.
func (e *env) awaitInit(ctx context.Context, requestID string, limit time.Duration) (initOutcome, error) {
	if e.startErr != nil {
		msg := startFailure(e.command, e.startErr)
		return initOutcome{body: platformError(requestID, typeInvalidEntry, msg), typ: typeInvalidEntry}, nil
	}
	e.timer.Reset(limit)
	defer e.timer.Stop()
	select {
	case <-e.api.Ready():
		return initOutcome{ok: true, duration: time.Since(e.proc.Started)}, nil
	case ie := <-e.api.InitErrors():
		return e.initFailed(ie), nil
	case <-e.proc.Exited():
		// An init error is queued before the runtime is told 202, so a
		// runtime that reports and then exits is reported by its error.
		select {
		case ie := <-e.api.InitErrors():
			return e.initFailed(ie), nil
		default:
		}
		typ, msg := exitFailure(e.proc.Exit())
		return initOutcome{body: platformError(requestID, typ, msg), typ: typ, duration: time.Since(e.proc.Started)}, nil
	case <-e.timer.C:
		return initOutcome{timedOut: true, typ: typeTimedout, duration: limit}, nil
	case <-ctx.Done():
		return initOutcome{}, ctx.Err()
	}
}

func (e *env) initFailed(ie runtimeapi.InitError) initOutcome {
	body, typ := initErrorBody(ie)
	return initOutcome{body: body, typ: typ, duration: time.Since(e.proc.Started)}
}

// initText is AWS's INIT_REPORT line for a failed Init phase.
func initText(o initOutcome) string {
	status := "error\tError Type: " + o.typ
	if o.timedOut {
		status = "timeout"
	}
	return "INIT_REPORT Init Duration: " + formatMs(o.duration) + " ms\tPhase: init\tStatus: " + status + "\n"
}
