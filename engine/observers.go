package engine

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
	"github.com/lambdaform/terraform-provider-lambda/engine/auth"
	"github.com/lambdaform/terraform-provider-lambda/engine/esm"
	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/lambdaapi"
	"github.com/lambdaform/terraform-provider-lambda/engine/metrics"
)

// openMetrics opens the metrics recorder unless the engine runs without.
func (e *Engine) openMetrics() error {
	if e.cfg.DisableMetrics {
		return nil
	}
	r, err := metrics.Open(filepath.Join(e.cfg.DataDir, "metrics.db"), metrics.Options{Logger: e.log})
	if err != nil {
		return fmt.Errorf("engine: open metrics: %w", err)
	}
	e.metrics = r
	return nil
}

// The observers below are nil interfaces (which every consumer treats as
// "discard") when metrics are off, never interfaces holding a nil recorder.

func (e *Engine) invokeObserver() invoke.Observer {
	if e.metrics == nil {
		return nil
	}
	return e.metrics
}

func (e *Engine) concurrencyObserver() lambdaapi.ConcurrencyObserver {
	if e.metrics == nil {
		return nil
	}
	return e.metrics
}

func (e *Engine) asyncObserver() async.Metrics {
	if e.metrics == nil {
		return nil
	}
	return asyncMetrics{e.metrics}
}

func (e *Engine) streamObserver() esm.Observer {
	if e.metrics == nil {
		return nil
	}
	return iteratorAges{e.metrics}
}

// metricsHandler serves the CloudWatch API, or nil without metrics.
func (e *Engine) metricsHandler(cfg auth.Config) http.Handler {
	if e.metrics == nil {
		return nil
	}
	return auth.New(cfg, metrics.AuthErrorWriter).Middleware(metrics.NewHandler(e.metrics))
}

// The async queue and the event-source pollers name functions as their
// callers did: a name, "name:qualifier" or an ARN. These adapters turn that
// into the FunctionName and Resource dimensions the metrics recorder keys on.

// splitFunctionRef returns the function name and qualifier of ref.
func splitFunctionRef(ref string) (name, qualifier string) {
	if i := strings.Index(ref, ":function:"); i >= 0 {
		ref = ref[i+len(":function:"):]
	}
	name, qualifier, _ = strings.Cut(ref, ":")
	return name, qualifier
}

// asyncMetrics reports the async queue's events (async.Metrics).
type asyncMetrics struct{ r *metrics.Recorder }

func (a asyncMetrics) AsyncEventReceived(fn string) { a.r.AsyncEventReceived(splitFunctionRef(fn)) }

func (a asyncMetrics) AsyncEventAge(fn string, age time.Duration) {
	name, qualifier := splitFunctionRef(fn)
	a.r.AsyncEventDequeued(name, qualifier, age)
}

func (a asyncMetrics) AsyncEventDropped(fn string) { a.r.AsyncEventDropped(splitFunctionRef(fn)) }

func (a asyncMetrics) DeadLetterError(fn string) { a.r.DeadLetterError(splitFunctionRef(fn)) }

func (a asyncMetrics) DestinationDeliveryFailure(fn string) {
	a.r.DestinationDeliveryFailure(splitFunctionRef(fn))
}

// iteratorAges reports stream pollers' IteratorAge (esm.Observer).
type iteratorAges struct{ r *metrics.Recorder }

func (i iteratorAges) IteratorAge(fn string, ms int64) {
	name, qualifier := splitFunctionRef(fn)
	i.r.IteratorAge(name, qualifier, time.Duration(ms)*time.Millisecond)
}
