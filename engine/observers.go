package engine

import (
	"strings"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/metrics"
)

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
