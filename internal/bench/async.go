package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// eventInvoker sends one Event invocation with plain net/http; success is
// AWS's 202 Accepted, which the engine answers once the event is durably
// queued.
type eventInvoker struct {
	client  *http.Client
	url     string
	payload []byte
}

func (e eventInvoker) invoke(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, bytes.NewReader(e.payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Amz-Invocation-Type", "Event")
	resp, err := e.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("status %d: %.200s", resp.StatusCode, body)
	}
	return nil
}

// invocationsMetric counts runs of function code, including those of
// queued events; the bench reads it from /metrics to see the queue drain.
const invocationsMetric = "lambda_invocations_total"

// asyncEvents has AsyncCallers callers send Event invocations back to back
// for AsyncDuration, while the engine runs the queued events, then waits
// until every accepted event has run. It records the accept rate and the
// end-to-end rate (accepted events over first accept to drained queue).
func (r *Runner) asyncEvents(ctx context.Context, c *eventClients) error {
	const fn = "async-bench"
	if err := c.createPython(ctx, fn, trivialPython, nil); err != nil {
		return err
	}
	url := invocationsURL(c.base, fn)
	// One synchronous invocation first: the timed part should not
	// include the function's very first start.
	if err := (httpInvoker{client: r.hc, url: url, payload: echoPayload}).invoke(ctx); err != nil {
		return fmt.Errorf("warm-up invocation: %w", err)
	}
	before, _, err := c.promValue(ctx, invocationsMetric, fn, false)
	if err != nil {
		return err
	}
	t0 := time.Now()
	res := load(ctx, eventInvoker{client: r.hc, url: url, payload: echoPayload}, r.Opt.AsyncCallers, r.Opt.AsyncDuration)
	lastAccept := time.Now()
	var ran float64
	err = until(ctx, drainBound, func() (bool, error) {
		v, _, err := c.promValue(ctx, invocationsMetric, fn, false)
		ran = v - before
		return ran >= float64(res.ok), err
	})
	drained := time.Now()
	note := fmt.Sprintf("%d events", res.ok)
	if _, notYet := errors.AsType[errNotYet](err); notYet {
		note = fmt.Sprintf("queue not drained within %s: %.0f of %d events ran", drainBound, ran, res.ok)
	} else if err != nil {
		return err
	}
	r.recordAsync(res, ran/drained.Sub(t0).Seconds(), drained.Sub(lastAccept), note)
	return nil
}

func (r *Runner) recordAsync(res throughput, e2e float64, drain time.Duration, note string) {
	callers := fmt.Sprintf("%d callers, %s", r.Opt.AsyncCallers, r.Opt.AsyncDuration)
	r.Res.Add(Figure{Key: "async.accept", Section: asyncSection, Name: "accepted (durable 202), " + callers,
		Value: res.perSecond(), Unit: "inv/s", Note: joinNotes("", res.firstErr)})
	r.Res.Add(Figure{Key: "async.accept.errors", Section: asyncSection, Name: "accept errors", Value: float64(res.errs), Unit: "errors"})
	r.Res.Add(Figure{Key: "async.processed", Section: asyncSection, Name: "run end to end (first accept to queue drained)",
		Value: e2e, Unit: "events/s", Note: note})
	r.Res.Add(Figure{Key: "async.drain", Section: asyncSection, Name: "queue drained after the last accept",
		Value: drain.Seconds(), Unit: "s"})
}
