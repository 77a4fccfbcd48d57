package invoke_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
)

type discard struct{}

func (discard) Append(string, string, []invoke.LogEvent) error { return nil }

func benchSetup(b *testing.B) (*invoke.Manager, invoke.Function, invoke.Request) {
	s := newManager(b, func(c *invoke.Config) { c.Logs = discard{} })
	fn := function(b, "bench")
	req := invoke.Request{Payload: []byte(`{"action":"echo","text":"hello"}`)}
	if _, err := s.m.Invoke(context.Background(), fn, req); err != nil { // cold start outside the timing
		b.Fatal(err)
	}
	return s.m, fn, req
}

// reportPercentiles adds p50/p99 latency, in microseconds, to the output.
func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / 1e3 }
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}

// BenchmarkWarmInvoke measures a warm invocation end to end: scheduling,
// Runtime API round trips with a real aws-lambda-go runtime, log
// collection and the REPORT line.
func BenchmarkWarmInvoke(b *testing.B) {
	m, fn, req := benchSetup(b)
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		res, err := m.Invoke(context.Background(), fn, req)
		lat = append(lat, time.Since(t0))
		if err != nil || res.FunctionError != "" {
			b.Fatalf("%v %s", err, res.Payload)
		}
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkWarmInvokeParallel runs invocations from GOMAXPROCS goroutines;
// the manager keeps one warm environment per concurrent caller.
func BenchmarkWarmInvokeParallel(b *testing.B) {
	m, fn, req := benchSetup(b)
	var mu sync.Mutex
	var all []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var lat []time.Duration
		for pb.Next() {
			t0 := time.Now()
			res, err := m.Invoke(context.Background(), fn, req)
			lat = append(lat, time.Since(t0))
			if err != nil || res.FunctionError != "" {
				b.Errorf("%v %s", err, res.Payload)
				return
			}
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
	})
	b.StopTimer()
	reportPercentiles(b, all)
}
