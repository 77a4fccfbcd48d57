package lambdatest_test

import (
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/lambdatest"
)

// TestMetricCountsInvocations needs the engine to report invocations to
// its metrics recorder (engine/metrics) and to serve the CloudWatch API.
func TestMetricCountsInvocations(t *testing.T) {
	e := lambdatest.Start(t)
	ctx := testContext(t)
	createEcho(ctx, t, e, "counted")
	for range 3 {
		if res, err := e.Invoke(ctx, "counted", map[string]int{"n": 1}); err != nil || res.Err() != nil {
			t.Fatalf("Invoke: %v, %v", err, res.Err())
		}
	}
	if res, err := e.Invoke(ctx, "counted", map[string]bool{"fail": true}); err != nil || res.Err() == nil {
		t.Fatalf("failing Invoke: %v, %v", err, res)
	}
	tests := []struct {
		name, stat string
		want       float64
	}{
		{"Invocations", "Sum", 4},
		{"Errors", "Sum", 1},
		{"Errors", "Average", 0.25},
		{"Duration", "SampleCount", 4},
		{"Throttles", "Sum", 0},
	}
	for _, tt := range tests {
		got, err := e.Metric(ctx, "counted", tt.name, tt.stat)
		if err != nil {
			t.Fatalf("Metric(%s, %s): %v", tt.name, tt.stat, err)
		}
		if got != tt.want {
			t.Errorf("Metric(%s, %s) = %v, want %v", tt.name, tt.stat, got, tt.want)
		}
	}
	if _, err := e.Metric(ctx, "counted", "Throttles", "Maximum"); err == nil {
		t.Error("Maximum of a metric without data: no error")
	}
	if got, err := e.Metric(ctx, "nobody", "Invocations", "Sum"); err != nil || got != 0 {
		t.Errorf("Invocations of an unknown function = %v, %v; want 0", got, err)
	}
}
