package bench

import (
	"slices"
	"testing"
)

func TestPromFold(t *testing.T) {
	body := []byte(`# HELP lambda_invocations_total Invocations.
# TYPE lambda_invocations_total counter
lambda_invocations_total{executed_version="$LATEST",function_name="f",resource="f"} 3
lambda_invocations_total{executed_version="1",function_name="f",resource="f:1"} 1.5e+01
lambda_invocations_total{executed_version="$LATEST",function_name="f2",resource="f2"} 100
lambda_iterator_age_seconds{function_name="f",resource="f"} 0.25
lambda_iterator_age_seconds{function_name="f",resource="f:live"} 0.5
`)
	for _, tc := range []struct {
		metric, fn string
		useMax     bool
		want       float64
		found      bool
	}{
		{"lambda_invocations_total", "f", false, 18, true},
		{"lambda_invocations_total", "f2", false, 100, true},
		{"lambda_invocations_total", "g", false, 0, false},
		{"lambda_iterator_age_seconds", "f", true, 0.5, true},
		{"lambda_iterator_age_seconds", "f2", true, 0, false},
		{"lambda_errors_total", "f", false, 0, false},
	} {
		got, found := promFold(body, tc.metric, tc.fn, tc.useMax)
		if got != tc.want || found != tc.found {
			t.Errorf("promFold(%s, %s) = %v, %v; want %v, %v", tc.metric, tc.fn, got, found, tc.want, tc.found)
		}
	}
}

func TestSectionOrder(t *testing.T) {
	var figs []Figure
	for _, s := range []string{"11. Kinesis", "9. Async", "1-3. Warm", "10. SQS", "4. Throughput", "8. tofu"} {
		figs = append(figs, Figure{Section: s})
	}
	slices.SortStableFunc(figs, compareSections)
	var got []string
	for _, f := range figs {
		got = append(got, f.Section)
	}
	want := []string{"1-3. Warm", "4. Throughput", "8. tofu", "9. Async", "10. SQS", "11. Kinesis"}
	if !slices.Equal(got, want) {
		t.Errorf("order = %q; want %q", got, want)
	}
}
