package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func scrape(t *testing.T, r *Recorder) string {
	t.Helper()
	rec := httptest.NewRecorder()
	r.PrometheusHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, err := io.ReadAll(rec.Result().Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestPrometheusOutput(t *testing.T) {
	r, _ := openTest(t)
	invoke(r, "fn", "live", "2", 20*time.Millisecond, "")
	invoke(r, "fn", "live", "2", 40*time.Millisecond, "Unhandled")
	invoke(r, "ok", "", "$LATEST", time.Millisecond, "")
	r.InvocationStarted("busy", "")
	r.Throttled("fn", "")
	r.DeadLetterError("fn", "")
	out := scrape(t, r)
	for _, want := range []string{
		`lambda_invocations_total{executed_version="2",function_name="fn",resource="fn:live"} 2`,
		`lambda_errors_total{executed_version="2",function_name="fn",resource="fn:live"} 1`,
		// A function without errors shows an explicit 0.
		`lambda_errors_total{executed_version="$LATEST",function_name="ok",resource="ok"} 0`,
		`lambda_throttles_total{executed_version="",function_name="fn",resource="fn"} 1`,
		`lambda_dead_letter_errors_total{executed_version="",function_name="fn",resource="fn"} 1`,
		`lambda_duration_seconds_count{executed_version="2",function_name="fn",resource="fn:live"} 2`,
		`lambda_duration_seconds_sum{executed_version="2",function_name="fn",resource="fn:live"} 0.06`,
		`lambda_duration_seconds_bucket{executed_version="2",function_name="fn",resource="fn:live",le="0.025"} 1`,
		`lambda_concurrent_executions{function_name="busy",resource="busy"} 1`,
		`lambda_concurrent_executions{function_name="fn",resource="fn:live"} 0`,
		`lambda_unreserved_concurrent_executions 1`,
		"# TYPE lambda_duration_seconds histogram",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %q", want)
		}
	}
	// Nothing happened to these label sets, so they are absent.
	for _, absent := range []string{`lambda_throttles_total{executed_version="2"`, `lambda_invocations_total{executed_version=""`} {
		if strings.Contains(out, absent) {
			t.Errorf("unexpected %q", absent)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}
