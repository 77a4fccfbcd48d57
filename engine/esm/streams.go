package esm

import (
	"context"
	"errors"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/kinesis"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// Streams is the Kinesis service stream mappings read; *kinesis.Store
// implements it.
type Streams interface {
	StreamByARN(arn string) (kinesis.StreamInfo, error)
	Iterator(ref, shardID string, in kinesis.IteratorInput) (string, error)
	GetRecords(ctx context.Context, iterator string, limit int) ([]kinesis.Record, string, int64, error)
	Wait(ctx context.Context, iterator string) error
}

func (m *Manager) streamExists(arn string) bool {
	if m.opts.Streams == nil {
		return false
	}
	_, err := m.opts.Streams.StreamByARN(arn)
	return err == nil
}

// streamPoller reads every shard of one mapping's stream, each shard in
// order by its own goroutine.
type streamPoller struct {
	m       *Manager
	mp      store.EventSourceMapping
	filters Filters
}

func (m *Manager) newStreamPoller(mp store.EventSourceMapping, filters Filters) (func(context.Context), error) {
	if m.opts.Streams == nil {
		return nil, errors.New("esm: the engine serves no Kinesis streams")
	}
	return (&streamPoller{m: m, mp: mp, filters: filters}).run, nil
}

// run starts one reader per shard once the stream exists and waits for
// them; readers stop when ctx ends.
func (p *streamPoller) run(ctx context.Context) {
	var info kinesis.StreamInfo
	for {
		var err error
		if info, err = p.m.opts.Streams.StreamByARN(p.mp.EventSourceArn); err == nil {
			break
		}
		sleep(ctx, retryDelay)
		if ctx.Err() != nil {
			return
		}
	}
	done := make(chan struct{}, len(info.Shards))
	for _, sh := range info.Shards {
		r := &shardReader{p: p, shard: sh.ShardID}
		go func() {
			defer func() { done <- struct{}{} }()
			r.run(ctx)
		}()
	}
	for range info.Shards {
		<-done
	}
}

// shardReader processes one shard: fetch a batch, process it (lanes by
// partition key when ParallelizationFactor > 1), checkpoint, repeat.
type shardReader struct {
	p     *streamPoller
	shard string
	cp    store.Checkpoint
	it    string
}

func (r *shardReader) run(ctx context.Context) {
	if err := r.loadCheckpoint(); err != nil {
		r.p.m.log.Error("esm: read checkpoint", "uuid", r.p.mp.UUID, "shard", r.shard, "error", err)
		return
	}
	for ctx.Err() == nil {
		batch, err := r.fetch(ctx)
		if err != nil {
			if ctx.Err() == nil {
				r.p.m.log.Warn("esm: read shard", "uuid", r.p.mp.UUID, "shard", r.shard, "error", err)
				r.it = "" // start again from the checkpoint
				sleep(ctx, retryDelay)
			}
			continue
		}
		if len(batch) == 0 {
			// Caught up: a window whose time is over can have no more
			// records and is closed. (Closing it by the clock before the
			// shard is read to the end would let records of that window
			// still unread start it again without its state.)
			if !r.closeDueWindow() {
				return
			}
			continue
		}
		if !r.process(batch) {
			return // shutting down: the batch is read again next time
		}
		last := batch[len(batch)-1]
		r.cp.SequenceNumber = last.SequenceNumber
		if err := r.saveCheckpoint(); err != nil {
			r.p.m.log.Error("esm: write checkpoint", "uuid", r.p.mp.UUID, "shard", r.shard, "error", err)
		}
		r.p.m.opts.Observer.IteratorAge(r.p.mp.FunctionName, time.Since(last.ApproximateArrivalTimestamp).Milliseconds())
	}
}

// closeDueWindow makes the final invocation of an open tumbling window
// whose end has passed and checkpoints; false when shutting down.
func (r *shardReader) closeDueWindow() bool {
	if r.p.mp.TumblingWindowInSeconds == 0 || !r.windowDue() {
		return true
	}
	if !r.finishWindow() {
		return false
	}
	if err := r.saveCheckpoint(); err != nil {
		r.p.m.log.Error("esm: write checkpoint", "uuid", r.p.mp.UUID, "shard", r.shard, "error", err)
	}
	return true
}

func (r *shardReader) loadCheckpoint() error {
	return r.p.m.opts.Store.View(func(tx *store.Tx) error {
		cp, err := tx.Checkpoint(r.p.mp.UUID, r.shard)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		r.cp = cp
		return err
	})
}

func (r *shardReader) saveCheckpoint() error {
	return r.p.m.opts.Store.Update(func(tx *store.Tx) error {
		if _, err := tx.EventSourceMapping(r.p.mp.UUID); err != nil {
			return nil //nolint:nilerr // the mapping is gone: nothing to checkpoint
		}
		return tx.PutCheckpoint(r.p.mp.UUID, r.shard, r.cp)
	})
}

// iterator returns the reader's shard iterator: after the checkpoint, or
// at the mapping's starting position the first time.
func (r *shardReader) iterator() (string, error) {
	if r.it != "" {
		return r.it, nil
	}
	in := kinesis.IteratorInput{Type: r.p.mp.StartingPosition, Timestamp: r.p.mp.StartingPositionTimestamp}
	if r.cp.SequenceNumber != "" {
		in = kinesis.IteratorInput{Type: kinesis.AfterSequenceNumber, SequenceNumber: r.cp.SequenceNumber}
	}
	it, err := r.p.m.opts.Streams.Iterator(r.p.mp.EventSourceArn, r.shard, in)
	if err == nil {
		r.it = it
	}
	return it, err
}

// fetch reads up to BatchSize records: whatever is there, or with a
// batching window, what arrives until the window after the first record
// ends. It waits for the first record.
func (r *shardReader) fetch(ctx context.Context) ([]kinesis.Record, error) {
	var batch []kinesis.Record
	window := time.Duration(r.p.mp.MaximumBatchingWindowInSeconds) * time.Second
	var deadline time.Time
	for len(batch) < int(r.p.mp.BatchSize) {
		it, err := r.iterator()
		if err != nil {
			return batch, err
		}
		recs, next, _, err := r.p.m.opts.Streams.GetRecords(ctx, it, int(r.p.mp.BatchSize)-len(batch))
		if err != nil {
			return batch, err
		}
		r.it = next
		if len(recs) > 0 && len(batch) == 0 {
			deadline = time.Now().Add(window)
		}
		batch = append(batch, recs...)
		if len(recs) > 0 {
			continue
		}
		wctx, cancel := ctx, context.CancelFunc(func() {})
		switch {
		case len(batch) > 0 && (window == 0 || !time.Now().Before(deadline)):
			return batch, nil
		case len(batch) > 0:
			wctx, cancel = context.WithDeadline(ctx, deadline)
		case !r.cp.WindowStart.IsZero():
			// An open tumbling window ends with a final invocation even
			// when no record follows: wake up at its end.
			wctx, cancel = context.WithDeadline(ctx, r.cp.WindowStart.Add(r.window()))
		}
		err = r.p.m.opts.Streams.Wait(wctx, next)
		cancel()
		if stopping(ctx) {
			return nil, nil // nothing was processed or checkpointed
		}
		if errors.Is(err, context.DeadlineExceeded) && len(batch) == 0 {
			return nil, nil // the open window ended
		}
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return batch, err
		}
	}
	return batch, nil
}
