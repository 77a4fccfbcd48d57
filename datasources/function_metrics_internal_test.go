package datasources

import (
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/engine/metrics"
)

// metricsClient serves a fresh recorder's CloudWatch API and returns an
// SDK client for it, as the provider builds for the local backend.
func metricsClient(t *testing.T) (*metrics.Recorder, *cloudwatch.Client) {
	t.Helper()
	rec, err := metrics.Open(filepath.Join(t.TempDir(), "metrics.db"), metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rec.Close() })
	srv := httptest.NewServer(metrics.NewHandler(rec))
	t.Cleanup(srv.Close)
	return rec, cloudwatch.New(cloudwatch.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1})
}

// TestReadFunctionMetric reads metrics recorded through the recorder the
// invoke path reports to, right after recording them: reads need no flush.
func TestReadFunctionMetric(t *testing.T) {
	rec, client := metricsClient(t)
	for i, errType := range []string{"", "Unhandled", ""} {
		rec.InvocationStarted("fn", "live")
		rec.InvocationFinished("fn", "live", "1", time.Duration(i+1)*100*time.Millisecond, errType, false)
	}
	rec.InvocationStarted("fn", "")
	rec.InvocationFinished("fn", "", "$LATEST", 400*time.Millisecond, "", false)

	now := time.Now()
	tests := []struct {
		name, qualifier, metric, stat string
		want                          *float64
	}{
		{"invocations", "", "Invocations", "Sum", aws.Float64(4)},
		{"errors", "", "Errors", "Sum", aws.Float64(1)},
		{"alias invocations", "live", "Invocations", "Sum", aws.Float64(3)},
		{"average duration", "", "Duration", "Average", aws.Float64(250)},
		{"alias max duration", "live", "Duration", "Maximum", aws.Float64(300)},
		{"min duration", "", "Duration", "Minimum", aws.Float64(100)},
		{"sample count", "", "Errors", "SampleCount", aws.Float64(4)},
		{"no throttles", "", "Throttles", "Sum", aws.Float64(0)},
		{"no throttle maximum", "", "Throttles", "Maximum", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := functionMetricsModel{
				FunctionName: types.StringValue("arn:aws:lambda:us-east-1:000000000000:function:fn"),
				Qualifier:    types.StringValue(tt.qualifier), MetricName: types.StringValue(tt.metric),
				Statistic: types.StringValue(tt.stat),
			}
			q, err := m.query(now)
			if err != nil {
				t.Fatal(err)
			}
			res, err := readFunctionMetric(t.Context(), client, q)
			if err != nil {
				t.Fatalf("readFunctionMetric: %v", err)
			}
			switch {
			case tt.want == nil && res.value != nil:
				t.Fatalf("value %v, want null", *res.value)
			case tt.want != nil && (res.value == nil || *res.value != *tt.want):
				t.Fatalf("value %v, want %v", res.value, *tt.want)
			}
			if tt.want != nil && *tt.want != 0 && len(res.points) == 0 {
				t.Fatal("no datapoints")
			}
		})
	}
}

func TestFunctionMetricsWindow(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 30, 20, 0, time.UTC)
	tests := []struct {
		name       string
		m          functionMetricsModel
		start, end time.Time
		wantErr    bool
	}{
		{"defaults", functionMetricsModel{}, now.Add(-time.Hour), now.Truncate(time.Minute).Add(time.Minute), false},
		{"since", functionMetricsModel{Since: types.StringValue("2d")}, now.Add(-48 * time.Hour), now.Truncate(time.Minute).Add(time.Minute), false},
		{"explicit", functionMetricsModel{StartTime: types.StringValue("2026-03-01T10:00:00Z"), EndTime: types.StringValue("2026-03-01T11:00:00Z")},
			time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC), false},
		{"reversed", functionMetricsModel{StartTime: types.StringValue("2026-03-01T11:00:00Z"), EndTime: types.StringValue("2026-03-01T10:00:00Z")},
			time.Time{}, time.Time{}, true},
		{"period not minutes", functionMetricsModel{PeriodSeconds: types.Int64Value(90)}, time.Time{}, time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.m.FunctionName, tt.m.MetricName = types.StringValue("fn"), types.StringValue("Invocations")
			q, err := tt.m.query(now)
			if tt.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil || !q.start.Equal(tt.start) || !q.end.Equal(tt.end) || q.stat != "Sum" {
				t.Fatalf("query %+v, %v; want %s – %s", q, err, tt.start, tt.end)
			}
		})
	}
}
