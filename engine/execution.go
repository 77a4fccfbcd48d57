package engine

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
	"github.com/lambdaform/terraform-provider-lambda/engine/cwlogs"
	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/runtimes"
	"github.com/lambdaform/terraform-provider-lambda/engine/sqs"
)

// openInvoker sets up what runs function code: the runtime bootstraps
// (written under <data-dir>/runtime) and the invocation manager, whose
// working files (unpacked code, environments' temporary directories) live
// under <data-dir>/run and are disposable.
func (e *Engine) openInvoker() error {
	reg, err := runtimes.New(runtimes.Config{
		Python: e.cfg.Python, Node: e.cfg.Node, Overrides: e.cfg.RuntimeOverrides,
		RuntimeDir: filepath.Join(e.cfg.DataDir, "runtime"),
	})
	if err != nil {
		return fmt.Errorf("engine: runtimes: %w", err)
	}
	e.invoker, err = invoke.NewManager(invoke.Config{
		Runtimes: reg, WorkDir: filepath.Join(e.cfg.DataDir, "run"),
		Logs: logSink{e.logs}, KeepAlive: e.cfg.KeepAlive, AnyCPU: e.cfg.AnyCPU, Logger: e.log,
		ConcurrencyLimit: e.cfg.ConcurrencyLimit, Observer: e.invokeObserver(),
	})
	if err != nil {
		return fmt.Errorf("engine: invocation manager: %w", err)
	}
	return nil
}

// openAsync opens the durable queue of Event invocations in
// <data-dir>/async.db; it starts dispatching once the API can resolve
// functions (see open).
func (e *Engine) openAsync() error {
	queues := e.cfg.AsyncQueues
	if queues == nil {
		queues = sqsSender{e.queues}
	}
	q, err := async.Open(async.Options{
		Path: filepath.Join(e.cfg.DataDir, "async.db"), Invoker: e.invoker, Queues: queues,
		RetryBase: e.cfg.AsyncRetryBase, Logger: e.log, Metrics: e.asyncObserver(),
	})
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	e.async = q
	return nil
}

// AsyncStats returns the asynchronous-invocation counters (AWS's
// AsyncEventsReceived, AsyncEventAge, AsyncEventsDropped, DeadLetterErrors
// and DestinationDeliveryFailures) since the engine started.
func (e *Engine) AsyncStats() async.Stats { return e.async.Stats() }

// ConcurrencyStats returns the invocation counters of the concurrency
// gate (admitted, throttled, on provisioned environments, in flight).
func (e *Engine) ConcurrencyStats() invoke.ConcurrencyStats { return e.invoker.ConcurrencyStats() }

// sqsSender delivers destination records and dead letters to the
// engine's own SQS queues.
type sqsSender struct{ s *sqs.Store }

func (q sqsSender) SendByARN(ctx context.Context, arn, body string, attrs map[string]async.Attribute) error {
	in := sqs.SendInput{Body: body, Attributes: make(map[string]sqs.AttributeValue, len(attrs))}
	for k, a := range attrs {
		in.Attributes[k] = sqs.AttributeValue{DataType: a.DataType, StringValue: a.StringValue}
	}
	if _, err := q.s.Send(ctx, arn, in); err != nil {
		return fmt.Errorf("send to %s: %w", arn, err)
	}
	return nil
}

// logSink writes function logs into the CloudWatch Logs store.
type logSink struct{ s *cwlogs.Store }

func (l logSink) Append(group, stream string, evs []invoke.LogEvent) error {
	out := make([]cwlogs.Event, len(evs))
	for i, ev := range evs {
		out[i] = cwlogs.Event(ev)
	}
	return l.s.Append(group, stream, out)
}
