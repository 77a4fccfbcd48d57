package async

import (
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// delivery is a record or dead-letter message waiting in the outbox for an
// SQS queue (or for a destination the engine cannot reach, to be counted
// as failed).
type delivery struct {
	Function   string               `json:"function"`
	ARN        string               `json:"arn"`
	Body       string               `json:"body"`
	Attributes map[string]Attribute `json:"attributes,omitempty"`
	DeadLetter bool                 `json:"deadLetter,omitempty"`
}

// finish ends an event: in one transaction it is deleted, function
// destinations get their event enqueued and SQS deliveries are put in the
// outbox, so a crash can neither lose the outcome nor run the function
// again. The outbox is then delivered.
func (q *Queue) finish(a *attempt, condition string) {
	ops := []op{deleteOp(bucketEvents, a.seq)}
	var events []item
	var outbox []uint64
	for _, d := range q.outcomeDeliveries(a, condition) {
		o, it, seq, ok := q.prepare(a.rec.Function, d)
		if !ok {
			continue
		}
		ops = append(ops, o)
		if it != nil {
			events = append(events, *it)
		} else {
			outbox = append(outbox, seq)
		}
	}
	if err := q.w.submit(ops...); err != nil {
		q.log.Error("async: record outcome; the event will run again", "request_id", a.rec.RequestID, "error", err)
		q.sched.add(item{seq: a.seq, function: a.rec.Function, due: q.now()})
		return
	}
	if condition != condSuccess {
		q.stats.dropped(a.rec.Function)
		q.log.Info("async: event failed", "function", a.rec.Function, "request_id", a.rec.RequestID,
			"condition", condition, "attempts", a.rec.Attempts)
	}
	for _, it := range events {
		q.stats.received(it.function)
		q.sched.add(it)
	}
	for _, seq := range outbox {
		q.deliverStored(seq)
	}
}

// outcomeDeliveries lists what the outcome sends: the record to the
// on-success or on-failure destination and, on failure, the event to the
// version's dead-letter queue. AWS sends to both an on-failure destination
// and a dead-letter queue when both are configured ("You can configure
// destinations in addition to or instead of a dead-letter queue").
func (q *Queue) outcomeDeliveries(a *attempt, condition string) []delivery {
	var out []delivery
	dest := a.pol.onFailure
	if condition == condSuccess {
		dest = a.pol.onSuccess
	}
	if dest != "" {
		body, err := json.Marshal(newInvocationRecord(a, condition, q.now()))
		if err != nil {
			q.log.Error("async: encode destination record", "request_id", a.rec.RequestID, "error", err)
		} else {
			out = append(out, delivery{Function: a.rec.Function, ARN: dest, Body: string(body)})
		}
	}
	if condition != condSuccess && a.target.DeadLetterARN != "" {
		out = append(out, deadLetter(a))
	}
	return out
}

// prepare turns d into the op that stores it: a queued event for a
// function destination, else an outbox entry. It returns ok=false (after
// counting the failure) when d cannot be delivered at all.
func (q *Queue) prepare(function string, d delivery) (op, *item, uint64, bool) {
	seq := q.seq.Add(1)
	if !d.DeadLetter && arnService(d.ARN) == "lambda" {
		ev, err := q.resolver.Destination(d.ARN, []byte(d.Body))
		if err == nil {
			r := &record{Event: ev, EnqueuedAt: q.now(), Due: q.now()}
			raw, encErr := encodeRecord(r)
			if encErr == nil {
				return putOp(bucketEvents, seq, raw), &item{seq: seq, function: ev.Function, due: r.Due}, seq, true
			}
			err = encErr
		}
		q.failed(function, d, err)
		return nil, nil, 0, false
	}
	raw, err := json.Marshal(d)
	if err != nil {
		q.failed(function, d, err)
		return nil, nil, 0, false
	}
	return putOp(bucketOutbox, seq, raw), nil, seq, true
}

// deliverStored sends one outbox entry and removes it. Delivery is tried
// once: the engine's queues are in-process, so a failure (a missing queue,
// a destination type the engine lacks) would not heal by retrying, and AWS
// likewise counts the failure and drops the record.
func (q *Queue) deliverStored(seq uint64) {
	var d delivery
	err := q.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketOutbox).Get(seqKey(seq))
		if raw == nil {
			return ErrNotFound
		}
		return json.Unmarshal(raw, &d)
	})
	if err != nil {
		q.log.Error("async: read outbox entry", "seq", seq, "error", err)
		return
	}
	if err := q.send(d); err != nil {
		q.failed(d.Function, d, err)
	}
	if err := q.w.submit(deleteOp(bucketOutbox, seq)); err != nil {
		q.log.Error("async: remove delivered outbox entry", "seq", seq, "error", err)
	}
}

func (q *Queue) send(d delivery) error {
	if arnService(d.ARN) != "sqs" {
		return fmt.Errorf("the engine has no %s service to deliver to", arnService(d.ARN))
	}
	if q.opts.Queues == nil {
		return fmt.Errorf("no SQS service is connected")
	}
	return q.opts.Queues.SendByARN(q.ctx, d.ARN, d.Body, d.Attributes)
}

// failed counts and logs a delivery that did not happen.
func (q *Queue) failed(function string, d delivery, err error) {
	if d.DeadLetter {
		q.stats.deadLetterError(function)
		q.log.Error("async: dead-letter queue delivery failed", "function", function, "target", d.ARN, "error", err)
		return
	}
	q.stats.deliveryFailure(function)
	q.log.Error("async: destination delivery failed", "function", function, "destination", d.ARN, "error", err)
}

// redeliver sends what a previous run put in the outbox but did not
// deliver before it stopped.
// Only entries found at Open are taken: later ones belong to the worker
// that wrote them.
func (q *Queue) redeliver() {
	for _, seq := range q.leftover {
		if q.ctx.Err() != nil {
			return
		}
		q.deliverStored(seq)
	}
}

// arnService is the service field of an ARN ("sqs", "lambda", …).
func arnService(arn string) string {
	parts := strings.SplitN(arn, ":", 4)
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}
