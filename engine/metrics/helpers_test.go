package metrics

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/servicetest"
)

type testClock = servicetest.Clock

// t0 is a whole minute, so offsets from it name minutes plainly.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// openTest opens a recorder on a fixed clock whose flusher never runs on
// its own during a test: tests flush explicitly where the file matters.
func openTest(t *testing.T) (*Recorder, *testClock) {
	t.Helper()
	clock := servicetest.NewClock(t0)
	r, err := Open(filepath.Join(t.TempDir(), "metrics.db"), Options{Now: clock.Now, FlushInterval: time.Hour, SweepInterval: time.Hour})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r, clock
}

// newTestClient serves r's CloudWatch API over HTTP and returns a real
// SDK client (which speaks Smithy RPC v2 CBOR) for it.
func newTestClient(t *testing.T, r *Recorder) (*cloudwatch.Client, string) {
	t.Helper()
	url := servicetest.Serve(t, NewHandler(r))
	return cloudwatch.NewFromConfig(servicetest.Config(url, "us-east-1")), url
}

func fnDims(fn string) []types.Dimension {
	return []types.Dimension{{Name: aws.String(DimFunctionName), Value: aws.String(fn)}}
}

// invoke records one complete invocation.
func invoke(r *Recorder, fn, qualifier, version string, d time.Duration, errType string) {
	r.InvocationStarted(fn, qualifier)
	r.InvocationFinished(fn, qualifier, version, d, errType, false)
}

// statsOf reads one series over the whole test day through the read path.
func statsOf(t *testing.T, r *Recorder, k seriesKey) Stats {
	t.Helper()
	lo := t0.Add(-24*time.Hour).Unix() / 60
	pts, err := r.read([]seriesKey{k}, lo, lo+3*24*60)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var s Stats
	for _, p := range pts[0] {
		s.merge(p.stats)
	}
	return s
}
