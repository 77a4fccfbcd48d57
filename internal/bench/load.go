package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// latencies runs warmup untimed invocations, then n timed ones from one
// caller. It stops at the first error: a latency figure over failures would
// be meaningless.
func latencies(ctx context.Context, inv invoker, warmup, n int) ([]time.Duration, error) {
	for i := range warmup {
		if err := inv.invoke(ctx); err != nil {
			return nil, fmt.Errorf("warm-up invocation %d: %w", i, err)
		}
	}
	lat := make([]time.Duration, 0, n)
	for i := range n {
		t0 := time.Now()
		err := inv.invoke(ctx)
		lat = append(lat, time.Since(t0))
		if err != nil {
			return nil, fmt.Errorf("invocation %d: %w", i, err)
		}
	}
	return lat, nil
}

// throughput is the outcome of one closed-loop load run.
type throughput struct {
	ok, errs int64
	elapsed  time.Duration
	firstErr error
}

func (t throughput) perSecond() float64 { return float64(t.ok) / t.elapsed.Seconds() }

// load runs callers goroutines, each invoking back to back until d has
// passed. Requests in flight at the deadline finish (each is bounded by
// requestTimeout), so the loop always ends and elapsed covers them.
func load(ctx context.Context, inv invoker, callers int, d time.Duration) throughput {
	var ok, errs atomic.Int64
	var once sync.Once
	var firstErr error
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if err := inv.invoke(ctx); err != nil {
					errs.Add(1)
					once.Do(func() { firstErr = err })
					continue
				}
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	return throughput{ok: ok.Load(), errs: errs.Load(), elapsed: time.Since(start), firstErr: firstErr}
}
