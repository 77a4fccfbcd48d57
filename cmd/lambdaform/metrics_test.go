package main

import (
	"bytes"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/metrics"
)

// metricsServer serves a fresh recorder's CloudWatch API.
func metricsServer(t *testing.T) (*metrics.Recorder, string) {
	t.Helper()
	rec, err := metrics.Open(filepath.Join(t.TempDir(), "metrics.db"), metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rec.Close() })
	srv := httptest.NewServer(metrics.NewHandler(rec))
	t.Cleanup(srv.Close)
	return rec, srv.URL
}

func runMetricsCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	// The command alone: the lead registers it in root.go.
	cmd := newMetricsCmd()
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(t.Context())
	return out.String(), err
}

func TestMetricsCommand(t *testing.T) {
	rec, endpoint := metricsServer(t)
	for i, errType := range []string{"", "Unhandled", ""} {
		rec.InvocationStarted("hello", "")
		rec.InvocationFinished("hello", "", "$LATEST", time.Duration(i+1)*10*time.Millisecond, errType, false)
	}
	rec.Throttled("busy", "")

	out, err := runMetricsCmd(t, "--endpoint", endpoint)
	if err != nil {
		t.Fatalf("metrics: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("overview:\n%s", out)
	}
	if got := strings.Fields(lines[0]); strings.Join(got, " ") != "FUNCTION INVOCATIONS ERRORS THROTTLES AVG MS MAX MS CONCURRENCY" {
		t.Fatalf("header %q", lines[0])
	}
	if got := strings.Join(strings.Fields(lines[1]), " "); got != "busy 0 0 1 - - -" {
		t.Errorf("busy row %q", got)
	}
	if got := strings.Join(strings.Fields(lines[2]), " "); got != "hello 3 1 0 20.0 30.0 1" {
		t.Errorf("hello row %q", got)
	}

	out, err = runMetricsCmd(t, "hello", "--endpoint", endpoint, "--since", "30m", "--period", "5m")
	if err != nil {
		t.Fatalf("metrics hello: %v\n%s", err, out)
	}
	// The three invocations fall in one or (across a boundary) two
	// 5-minute rows; their counts add up either way.
	var inv, errs int
	rows := strings.Split(strings.TrimSpace(out), "\n")[1:]
	for _, r := range rows {
		f := strings.Fields(r)
		if len(f) != 8 {
			t.Fatalf("row %q", r)
		}
		inv += atoiT(t, f[2])
		errs += atoiT(t, f[3])
	}
	if inv != 3 || errs != 1 || len(rows) > 2 {
		t.Fatalf("invocations %d errors %d in\n%s", inv, errs, out)
	}
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	var n int
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("%q is not a count", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func TestMetricsCommandErrors(t *testing.T) {
	_, endpoint := metricsServer(t)
	for _, args := range [][]string{
		{"--period", "90s"},
		{"--since", "tomorrow"},
		{"a", "b"},
	} {
		if out, err := runMetricsCmd(t, append(args, "--endpoint", endpoint)...); err == nil {
			t.Errorf("%v: no error\n%s", args, out)
		}
	}
	out, err := runMetricsCmd(t, "nobody", "--endpoint", endpoint)
	if err != nil || !strings.Contains(out, "No metrics for nobody") {
		t.Fatalf("%v\n%s", err, out)
	}
}
