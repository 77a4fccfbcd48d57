package esm

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/sqs"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

const (
	// longPoll is the longest wait of one ReceiveMessage.
	longPoll = 20 * time.Second
	// maxBatchBytes stops gathering well below the 6 MB payload quota of
	// a synchronous invocation (one more receive adds at most ten
	// messages of up to 256 KB each).
	maxBatchBytes = 3 << 20
	// retryDelay paces a poller whose queue is missing or failing.
	retryDelay = time.Second
)

// reportFailures is the FunctionResponseTypes value for partial batch
// responses.
const reportFailures = "ReportBatchItemFailures"

// sqsPoller reads one SQS mapping's queue.
type sqsPoller struct {
	m       *Manager
	mp      store.EventSourceMapping
	filters Filters
	slots   chan struct{} // one per batch being invoked
}

func newSQSPoller(m *Manager, mp store.EventSourceMapping, filters Filters) *sqsPoller {
	n := int(mp.MaximumConcurrency)
	if n == 0 {
		n = DefaultSQSConcurrency
	}
	return &sqsPoller{m: m, mp: mp, filters: filters, slots: make(chan struct{}, n)}
}

// run gathers batches until ctx ends; each batch is invoked in its own
// goroutine, at most one per slot, under the Manager's context so that a
// batch received before the mapping was disabled still finishes.
func (p *sqsPoller) run(ctx context.Context) {
	for ctx.Err() == nil {
		queue, ok := p.m.opts.Queues.QueueByARN(p.mp.EventSourceArn)
		if !ok {
			sleep(ctx, retryDelay)
			continue
		}
		select {
		case p.slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		batch, err := p.gather(ctx, queue)
		if err != nil && ctx.Err() == nil {
			p.m.log.Warn("esm: receive from queue", "uuid", p.mp.UUID, "queue", queue, "error", err)
			sleep(ctx, retryDelay)
		}
		if len(batch) == 0 {
			<-p.slots
			continue
		}
		p.m.wg.Add(1)
		go func() {
			defer p.m.wg.Done()
			defer func() { <-p.slots }()
			p.process(queue, batch)
		}()
	}
}

// gather receives one batch: up to BatchSize messages, waiting up to
// MaximumBatchingWindowInSeconds after the first one for more (with no
// window it takes what is there). Messages the filters reject are deleted
// at once, as AWS does.
func (p *sqsPoller) gather(ctx context.Context, queue string) ([]*sqsRecord, error) {
	var batch []*sqsRecord
	size := 0
	window := time.Duration(p.mp.MaximumBatchingWindowInSeconds) * time.Second
	var deadline time.Time
	for len(batch) < int(p.mp.BatchSize) && size < maxBatchBytes {
		wait := longPoll
		if len(batch) > 0 {
			wait = min(time.Until(deadline), longPoll)
			if wait < 0 {
				break
			}
		}
		if stopping(ctx) {
			break // what was received is still invoked
		}
		msgs, err := p.m.opts.Queues.Receive(ctx, queue, sqs.ReceiveInput{
			MaxMessages: min(10, int(p.mp.BatchSize)-len(batch)), WaitTime: &wait,
			AttributeNames: []string{"All"}, SystemAttributeNames: []string{"All"},
		})
		if err != nil {
			return batch, err
		}
		if len(msgs) == 0 {
			if len(batch) > 0 {
				break
			}
			continue
		}
		if len(batch) == 0 {
			deadline = time.Now().Add(window)
		}
		kept := p.filter(queue, msgs)
		for _, r := range kept {
			size += r.size
		}
		batch = append(batch, kept...)
	}
	return batch, nil
}

// filter turns messages into event records and deletes those no filter
// pattern matches.
func (p *sqsPoller) filter(queue string, msgs []sqs.Message) []*sqsRecord {
	kept := make([]*sqsRecord, 0, len(msgs))
	var dropped []string
	for _, msg := range msgs {
		r := newSQSRecord(msg, p.mp.EventSourceArn, p.m.opts.Region)
		if p.filters.Keep(r.view()) {
			kept = append(kept, r)
		} else {
			dropped = append(dropped, msg.ReceiptHandle)
		}
	}
	if len(dropped) > 0 {
		if _, _, err := p.m.opts.Queues.DeleteBatch(queue, dropped); err != nil {
			p.m.log.Warn("esm: delete filtered messages", "uuid", p.mp.UUID, "error", err)
		}
	}
	return kept
}

// process invokes the function with one batch and deletes what it
// finished. On a function error (or any failure to invoke) nothing is
// deleted: the messages reappear when their visibility timeout ends and
// the queue's redrive policy, if any, counts the attempt.
func (p *sqsPoller) process(queue string, batch []*sqsRecord) {
	target, err := p.m.resolver.Target(p.mp.FunctionName, p.mp.Qualifier)
	if err != nil {
		p.m.log.Warn("esm: resolve function", "uuid", p.mp.UUID, "function", p.mp.FunctionName, "error", err)
		return
	}
	payload, err := json.Marshal(map[string]any{"Records": batch})
	if err != nil {
		p.m.log.Error("esm: encode batch", "uuid", p.mp.UUID, "error", err)
		return
	}
	res, err := p.m.opts.Invoker.Invoke(p.m.ctx, target.Function, invoke.Request{Payload: payload})
	if err != nil || res.FunctionError != "" {
		if err != nil && p.m.ctx.Err() == nil {
			p.m.log.Warn("esm: invoke", "uuid", p.mp.UUID, "function", p.mp.FunctionName, "error", err)
		}
		return
	}
	ids := make([]string, len(batch))
	for i, r := range batch {
		ids[i] = r.MessageID
	}
	failed := map[string]bool{}
	if slices.Contains(p.mp.FunctionResponseTypes, reportFailures) {
		var ok bool
		if failed, ok = batchItemFailures(res.Payload, ids); !ok {
			return
		}
	}
	var done []string
	for _, r := range batch {
		if !failed[r.MessageID] {
			done = append(done, r.ReceiptHandle)
		}
	}
	if len(done) == 0 {
		return
	}
	if _, _, err := p.m.opts.Queues.DeleteBatch(queue, done); err != nil {
		p.m.log.Warn("esm: delete processed messages", "uuid", p.mp.UUID, "error", err)
	}
}

// stopping reports whether ctx has ended.
func stopping(ctx context.Context) bool { return ctx.Err() != nil }

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
