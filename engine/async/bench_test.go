package async_test

import (
	"context"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
)

// BenchmarkEnqueue measures durable Event accepts: each Enqueue returns
// only after its fsynced commit, and concurrent callers share commits.
// Dispatching is not started, so only the accept path is measured.
func BenchmarkEnqueue(b *testing.B) {
	for _, callers := range []int{2, 16, 64} {
		b.Run("callers="+strconv.Itoa(callers), func(b *testing.B) {
			q, err := async.Open(async.Options{Path: filepath.Join(b.TempDir(), "async.db"), Invoker: nopInvoker{}})
			if err != nil {
				b.Fatal(err)
			}
			defer q.Close()
			payload := []byte(`{"order":12345,"items":["a","b","c"],"note":"a typical small event"}`)
			// RunParallel starts parallelism × GOMAXPROCS goroutines.
			b.SetParallelism(max(callers/runtime.GOMAXPROCS(0), 1))
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				ev := async.Event{RequestID: "bench", Function: "bench", InvokedARN: "arn:aws:lambda:us-east-1:000000000000:function:bench", Payload: payload}
				for pb.Next() {
					if err := q.Enqueue(context.Background(), ev); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "accepts/s")
		})
	}
}
