package metrics

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/servicetest"
)

func TestInvocationLevels(t *testing.T) {
	r, _ := openTest(t)
	invoke(r, "fn", "", "$LATEST", 10*time.Millisecond, "")
	invoke(r, "fn", "live", "3", 30*time.Millisecond, "Unhandled")
	invoke(r, "fn", "3", "3", 20*time.Millisecond, "")
	invoke(r, "other", "", "$LATEST", time.Millisecond, "")
	// Never ran: not an invocation on Lambda's books.
	invoke(r, "fn", "", "", 0, ErrTypeEngine)

	tests := []struct {
		name string
		key  seriesKey
		want Stats
	}{
		{"account invocations", seriesKey{metric: mInvocations}, Stats{4, 4, 1, 1}},
		{"function invocations", seriesKey{metric: mInvocations, function: "fn"}, Stats{3, 3, 1, 1}},
		{"function errors", seriesKey{metric: mErrors, function: "fn"}, Stats{3, 1, 0, 1}},
		{"alias resource", seriesKey{metric: mInvocations, function: "fn", resource: "fn:live"}, Stats{1, 1, 1, 1}},
		{"alias executed version", seriesKey{metric: mDuration, function: "fn", resource: "fn:live", version: "3"}, Stats{1, 30, 30, 30}},
		{"version resource", seriesKey{metric: mDuration, function: "fn", resource: "fn:3"}, Stats{1, 20, 20, 20}},
		// A version qualifier already names what ran: no ExecutedVersion.
		{"no executed version for a version", seriesKey{metric: mDuration, function: "fn", resource: "fn:3", version: "3"}, Stats{}},
		// Unqualified invocations publish FunctionName only.
		{"no unqualified resource", seriesKey{metric: mInvocations, function: "fn", resource: "fn"}, Stats{}},
		{"function duration", seriesKey{metric: mDuration, function: "fn"}, Stats{3, 60, 10, 30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := statsOf(t, r, tt.key); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestFlushKeepsTheSameView(t *testing.T) {
	r, clock := openTest(t)
	k := seriesKey{metric: mDuration, function: "fn"}
	invoke(r, "fn", "", "", 10*time.Millisecond, "")
	clock.Set(t0.Add(time.Minute))
	invoke(r, "fn", "", "", 20*time.Millisecond, "")
	before := statsOf(t, r, k)
	if err := r.Flush(); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	if got := statsOf(t, r, k); got != before {
		t.Fatalf("after flush %+v, before %+v", got, before)
	}
	// More in a minute already in the file merges with it.
	invoke(r, "fn", "", "", 5*time.Millisecond, "")
	if err := r.Flush(); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	want := Stats{3, 35, 5, 20}
	if got := statsOf(t, r, k); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	lo := t0.Unix() / 60
	pts, err := r.read([]seriesKey{k}, lo, lo+2)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts[0]) != 2 || pts[0][0].stats != (Stats{1, 10, 10, 10}) || pts[0][1].stats != (Stats{2, 25, 5, 20}) {
		t.Fatalf("minutes = %+v", pts[0])
	}
}

func TestCloseFlushesAndReopenReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metrics.db")
	clock := servicetest.NewClock(t0)
	r, err := Open(path, Options{Now: clock.Now, FlushInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	invoke(r, "fn", "", "", time.Millisecond, "")
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := r.read(nil, 0, 1); err != ErrClosed {
		t.Fatalf("read after Close: %v, want ErrClosed", err)
	}
	r2, err := Open(path, Options{Now: clock.Now, FlushInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	if got := statsOf(t, r2, seriesKey{metric: mInvocations, function: "fn"}); got.Sum != 1 {
		t.Fatalf("after reopen: %+v", got)
	}
}

func TestConcurrencyGauges(t *testing.T) {
	r, _ := openTest(t)
	r.ReservedConcurrencyChanged("reserved", true)
	r.ProvisionedConcurrencyChanged("fn", "live", 2)
	for range 3 {
		r.InvocationStarted("fn", "live")
	}
	r.InvocationStarted("reserved", "")
	r.InvocationFinished("fn", "live", "1", time.Millisecond, "", true)
	r.InvocationFinished("fn", "live", "1", time.Millisecond, "", true)
	r.InvocationFinished("fn", "live", "1", time.Millisecond, "", false)

	tests := []struct {
		name    string
		key     seriesKey
		maximum float64
		sum     float64
	}{
		{"account concurrency", seriesKey{metric: mConcurrentExecutions}, 4, 1 + 2 + 3 + 4},
		{"function concurrency", seriesKey{metric: mConcurrentExecutions, function: "fn"}, 3, 6},
		{"resource concurrency", seriesKey{metric: mConcurrentExecutions, function: "fn", resource: "fn:live"}, 3, 6},
		// The reserved function's invocation is left out.
		{"unreserved", seriesKey{metric: mUnreservedConcurrentExecutions}, 3, 1 + 2 + 3 + 3},
		{"provisioned executions", seriesKey{metric: mProvisionedConcurrentExecutions, function: "fn", resource: "fn:live"}, 2, 1 + 2 + 2},
		{"utilization", seriesKey{metric: mProvisionedConcurrencyUtilization, function: "fn", resource: "fn:live"}, 1, 0.5 + 1 + 1},
		{"provisioned invocations", seriesKey{metric: mProvisionedConcurrencyInvocations, function: "fn"}, 1, 2},
		{"spillover", seriesKey{metric: mProvisionedConcurrencySpilloverInvocations, function: "fn", resource: "fn:live"}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := statsOf(t, r, tt.key)
			if got.Maximum != tt.maximum || got.Sum != tt.sum {
				t.Fatalf("got %+v, want Maximum %v Sum %v", got, tt.maximum, tt.sum)
			}
		})
	}
	if n := r.inflight.Load(); n != 1 {
		t.Fatalf("account in flight = %d, want 1 (the reserved function)", n)
	}
}

func TestAsyncAndStreamMetrics(t *testing.T) {
	r, _ := openTest(t)
	r.Throttled("fn", "")
	r.AsyncEventReceived("fn", "")
	r.AsyncEventReceived("fn", "")
	r.AsyncEventDequeued("fn", "", 1500*time.Millisecond)
	r.AsyncEventDropped("fn", "")
	r.DeadLetterError("fn", "")
	r.DestinationDeliveryFailure("fn", "live")
	r.IteratorAge("fn", "", 2*time.Second)
	tests := []struct {
		key  seriesKey
		want float64
	}{
		{seriesKey{metric: mThrottles, function: "fn"}, 1},
		{seriesKey{metric: mAsyncEventsReceived}, 2},
		{seriesKey{metric: mAsyncEventAge, function: "fn"}, 1500},
		{seriesKey{metric: mAsyncEventsDropped, function: "fn"}, 1},
		{seriesKey{metric: mDeadLetterErrors, function: "fn"}, 1},
		{seriesKey{metric: mDestinationDeliveryFailures, function: "fn", resource: "fn:live"}, 1},
		{seriesKey{metric: mIteratorAge, function: "fn"}, 2000},
	}
	for _, tt := range tests {
		t.Run(catalog[tt.key.metric].name, func(t *testing.T) {
			if got := statsOf(t, r, tt.key); got.Sum != tt.want {
				t.Fatalf("Sum = %v, want %v", got.Sum, tt.want)
			}
		})
	}
}

func TestSweepDropsExpiredMinutes(t *testing.T) {
	r, clock := openTest(t)
	invoke(r, "old", "", "", time.Millisecond, "")
	clock.Set(t0.Add(10 * 24 * time.Hour))
	invoke(r, "new", "", "", time.Millisecond, "")
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	clock.Set(t0.Add(16 * 24 * time.Hour))
	if err := r.Sweep(); err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	err := r.db.View(func(tx *bolt.Tx) error {
		root := tx.Bucket(seriesBucket)
		if root.Bucket(seriesKey{metric: mInvocations, function: "old"}.storeKey()) != nil {
			t.Error("expired series still stored")
		}
		if root.Bucket(seriesKey{metric: mInvocations, function: "new"}.storeKey()) == nil {
			t.Error("unexpired series deleted")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentRecordingAndFlushing checks that no sample is lost or
// counted twice while flushes and reads run alongside writers.
func TestConcurrentRecordingAndFlushing(t *testing.T) {
	r, _ := openTest(t)
	const writers, each = 8, 500
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for range each {
				invoke(r, "fn", "", "", time.Millisecond, "")
			}
		})
	}
	stop := make(chan struct{})
	flushed := make(chan error, 1)
	go func() {
		for {
			select {
			case <-stop:
				flushed <- nil
				return
			default:
			}
			if err := r.Flush(); err != nil {
				flushed <- err
				return
			}
		}
	}()
	wg.Wait()
	close(stop)
	if err := <-flushed; err != nil {
		t.Fatal(err)
	}
	if got := statsOf(t, r, seriesKey{metric: mInvocations}); got.Sum != writers*each {
		t.Fatalf("Sum = %v, want %d", got.Sum, writers*each)
	}
}
