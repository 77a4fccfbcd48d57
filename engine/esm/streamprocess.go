package esm

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"slices"
	"sync"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/kinesis"
	"github.com/lambdaform/terraform-provider-lambda/engine/sqs"
)

// Failure conditions of discarded stream records.
const (
	condRetriesExhausted = "RetryAttemptsExhausted"
	condRecordAge        = "RecordAgeExceeded"
)

// maxRetryDelay caps the pause between attempts of a failing batch.
const maxRetryDelay = 5 * time.Second

// process runs one fetched batch to completion: records the filters reject
// are skipped; the rest are split into lanes by partition key
// (ParallelizationFactor; one lane with a tumbling window, whose state is
// per shard), each lane in order. It reports false only when the engine is
// shutting down, leaving the batch unprocessed for the next run.
func (r *shardReader) process(batch []kinesis.Record) bool {
	var kept []kinesis.Record
	for _, rec := range batch {
		if r.p.filters.Keep(kinesisView(rec)) {
			kept = append(kept, rec)
		}
	}
	if r.p.mp.TumblingWindowInSeconds > 0 {
		return r.processWindows(kept)
	}
	n := max(1, int(r.p.mp.ParallelizationFactor))
	lanes := make([][]kinesis.Record, n)
	for _, rec := range kept {
		h := fnv.New32a()
		_, _ = h.Write([]byte(rec.PartitionKey))
		lanes[int(h.Sum32())%n] = append(lanes[int(h.Sum32())%n], rec)
	}
	var wg sync.WaitGroup
	results := make([]bool, n)
	for i, lane := range lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = r.processLane(lane, nil)
		}()
	}
	wg.Wait()
	return !slices.Contains(results, false)
}

// attempt is one invocation's outcome.
type attempt struct {
	res     *invoke.Result // nil when the function did not run
	retryAt int            // first record to retry (len(batch) on success)
}

// processLane invokes records in order until each sub-batch succeeds or
// is discarded, retrying with BisectBatchOnFunctionError,
// ReportBatchItemFailures, MaximumRetryAttempts and
// MaximumRecordAgeInSeconds as AWS does. extra adds the tumbling window
// members to the event and receives the function's response.
func (r *shardReader) processLane(recs []kinesis.Record, extra *windowCall) bool {
	queue := [][]kinesis.Record{recs}
	invokes, delay := 0, 100*time.Millisecond
	for len(queue) > 0 {
		b := r.dropExpired(queue[0], invokes)
		if len(b) == 0 && (extra == nil || !extra.final) {
			queue, invokes = queue[1:], 0
			continue
		}
		if r.p.m.ctx.Err() != nil {
			return false
		}
		at := r.invoke(b, extra)
		invokes++
		if at.retryAt >= len(b) {
			queue, invokes, delay = queue[1:], 0, 100*time.Millisecond
			continue
		}
		b = b[at.retryAt:]
		queue[0] = b
		if n := r.p.mp.MaximumRetryAttempts; n >= 0 && invokes > int(n) {
			r.discard(b, condRetriesExhausted, invokes, at.res)
			queue, invokes = queue[1:], 0
			continue
		}
		if r.p.mp.BisectBatchOnFunctionError && len(b) > 1 {
			half := len(b) / 2
			queue = append([][]kinesis.Record{b[:half], b[half:]}, queue[1:]...)
		}
		sleep(r.p.m.ctx, delay)
		delay = min(2*delay, maxRetryDelay)
	}
	return r.p.m.ctx.Err() == nil
}

// dropExpired discards (to the on-failure destination) the records older
// than MaximumRecordAgeInSeconds.
func (r *shardReader) dropExpired(b []kinesis.Record, invokes int) []kinesis.Record {
	age := r.p.mp.MaximumRecordAgeInSeconds
	if age < 0 {
		return b
	}
	cutoff := time.Now().Add(-time.Duration(age) * time.Second)
	i := 0
	for i < len(b) && b[i].ApproximateArrivalTimestamp.Before(cutoff) {
		i++
	}
	if i > 0 {
		r.discard(b[:i], condRecordAge, invokes, nil)
	}
	return b[i:]
}

// invoke calls the function with b. retryAt is where to resume: len(b)
// when everything succeeded, the first reported failure with
// ReportBatchItemFailures, 0 for any other failure.
func (r *shardReader) invoke(b []kinesis.Record, extra *windowCall) attempt {
	target, err := r.p.m.resolver.Target(r.p.mp.FunctionName, r.p.mp.Qualifier)
	if err != nil {
		r.p.m.log.Warn("esm: resolve function", "uuid", r.p.mp.UUID, "function", r.p.mp.FunctionName, "error", err)
		return attempt{}
	}
	records := make([]kinesisRecord, len(b))
	for i, rec := range b {
		records[i] = r.newKinesisRecord(rec, target.Role)
	}
	event := map[string]any{"Records": records}
	if extra != nil {
		extra.decorate(event, r)
	}
	payload, err := json.Marshal(event)
	if err != nil {
		return attempt{}
	}
	res, err := r.p.m.opts.Invoker.Invoke(r.p.m.ctx, target.Function, invoke.Request{Payload: payload})
	if err != nil {
		if r.p.m.ctx.Err() == nil {
			r.p.m.log.Warn("esm: invoke", "uuid", r.p.mp.UUID, "function", r.p.mp.FunctionName, "error", err)
		}
		return attempt{}
	}
	at := attempt{res: &res}
	if res.FunctionError != "" {
		return at
	}
	at.retryAt = len(b)
	if slices.Contains(r.p.mp.FunctionResponseTypes, reportFailures) {
		seqs := make([]string, len(b))
		for i, rec := range b {
			seqs[i] = rec.SequenceNumber
		}
		failed, ok := batchItemFailures(res.Payload, seqs)
		if !ok {
			at.retryAt = 0
		}
		for i, s := range seqs {
			if failed[s] {
				at.retryAt = min(at.retryAt, i)
			}
		}
	}
	if extra != nil && at.retryAt == len(b) {
		extra.response(res.Payload)
	}
	return at
}

// discard sends AWS's failure record for b to the on-failure destination;
// without one the records are simply skipped.
func (r *shardReader) discard(b []kinesis.Record, condition string, invokes int, res *invoke.Result) {
	dest := r.p.mp.OnFailure
	if dest == "" || len(b) == 0 {
		return
	}
	var rec streamFailureRecord
	rec.RequestContext.RequestID = newRequestID()
	rec.RequestContext.FunctionArn = r.p.m.functionARN(r.p.mp)
	rec.RequestContext.Condition = condition
	rec.RequestContext.ApproximateInvokeCount = invokes
	if res != nil {
		rec.ResponseContext = &struct {
			StatusCode      int    `json:"statusCode"`
			ExecutedVersion string `json:"executedVersion"`
			FunctionError   string `json:"functionError,omitempty"`
		}{200, orLatest(r.p.mp.Qualifier), res.FunctionError}
	}
	rec.Version, rec.Timestamp = "1.0", isoMillis(time.Now())
	rec.KinesisBatchInfo = kinesisBatchInfo{
		ShardID: r.shard, StartSequenceNumber: b[0].SequenceNumber, EndSequenceNumber: b[len(b)-1].SequenceNumber,
		ApproximateArrivalOfFirstRecord: isoMillis(b[0].ApproximateArrivalTimestamp),
		ApproximateArrivalOfLastRecord:  isoMillis(b[len(b)-1].ApproximateArrivalTimestamp),
		BatchSize:                       len(b), StreamArn: r.p.mp.EventSourceArn,
	}
	body, _ := json.Marshal(rec)
	queue, ok := r.p.m.opts.Queues.QueueByARN(dest)
	if !ok {
		r.p.m.log.Warn("esm: on-failure destination does not exist", "uuid", r.p.mp.UUID, "destination", dest)
		return
	}
	if _, err := r.p.m.opts.Queues.Send(context.WithoutCancel(r.p.m.ctx), queue, sqs.SendInput{Body: string(body)}); err != nil {
		r.p.m.log.Warn("esm: send to on-failure destination", "uuid", r.p.mp.UUID, "error", err)
	}
}
