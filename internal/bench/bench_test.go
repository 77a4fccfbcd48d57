package bench

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// TestQuickSections runs the smallest parts of the benchmark against an
// in-process engine and the echo floor, so a change that breaks the bench
// program fails CI. It checks that figures were produced, never their size.
func TestQuickSections(t *testing.T) {
	opt := DefaultOptions(true)
	opt.Goecho = buildGoecho(t)
	opt.WorkDir = t.TempDir()
	opt.Warmup, opt.Invocations, opt.LoadDuration = 2, 5, 50*time.Millisecond
	opt.Callers, opt.ColdFunctions, opt.Creates = []int{1, 4}, 1, 2
	opt.AsyncDuration, opt.SQSMessages, opt.KinesisDuration = 100*time.Millisecond, 50, 300*time.Millisecond
	r, err := NewRunner(opt)
	if err != nil {
		t.Fatal(err)
	}
	r.specs = installedRuntimes(r.specs)
	echo, err := startEcho()
	if err != nil {
		t.Fatal(err)
	}
	defer echo.Close()
	floor := reference{r.floorTarget(echo.URL), fixed(r.floorTarget(echo.URL).http), func() {}}
	rf, stopFloor, err := r.runtimeFloorReference()
	if err != nil {
		t.Fatal(err)
	}
	defer stopFloor()
	base := startInProcessEngine(t)
	if err := r.Compare(context.Background(), base, []reference{floor, rf}); err != nil {
		t.Fatal(err)
	}
	if hasPython(r.specs) {
		r.EventSources(context.Background(), base)
	}
	if len(r.Res.Skipped) > 0 {
		t.Errorf("skipped: %v", r.Res.Skipped)
	}
	r.Res.judge()
	checkFigures(t, r)
}

// checkFigures wants a positive value for every figure the sections must
// produce, a verdict where a target applies, and a table and JSON file.
func checkFigures(t *testing.T, r *Runner) {
	t.Helper()
	want := []string{"warm.http.echo-floor.p50", "warm.sdk.echo-floor.p99", "tput.echo-floor.c4", "create.1mb.p50",
		"warm.http.runtime-floor.p50", "tput.runtime-floor.c4",
		"cold.base.goecho-exec"}
	for _, s := range r.specs {
		want = append(want, "warm.http."+s.Label+".p50", "warm.sdk."+s.Label+".p99", "cold."+s.Label)
	}
	want = append(want, "tput.goecho.c1", "tput.goecho.c4")
	if hasPython(r.specs) {
		// IteratorAge may be 0 ms on a fast machine, so only its presence
		// is checked; catch-up below a millisecond is as possible.
		want = append(want, "async.accept", "async.processed", "esm.sqs", "esm.sqs.send", "esm.kinesis.s1.put")
		for _, k := range []string{"async.drain", "esm.kinesis.s1.age.max", "esm.kinesis.s1.age.last",
			"esm.kinesis.s1.age.cw-max", "esm.kinesis.s1.catch-up"} {
			if _, ok := r.Res.Get(k); !ok {
				t.Errorf("figure %s missing", k)
			}
		}
		for _, k := range []string{"async.accept", "esm.sqs"} {
			if f, _ := r.Res.Get(k); f.Verdict == "" {
				t.Errorf("%s has no verdict: %+v", k, f)
			}
		}
	}
	for _, k := range want {
		if f, ok := r.Res.Get(k); !ok || f.Value <= 0 {
			t.Errorf("figure %s = %+v, %v; want a positive value", k, f, ok)
		}
	}
	if f, _ := r.Res.Get("warm.http.goecho.p50"); f.Verdict == "" {
		t.Errorf("warm.http.goecho.p50 has no verdict: %+v", f)
	}
	var table strings.Builder
	if err := r.Res.PrintTable(&table); err != nil || !strings.Contains(table.String(), "goecho p50 (net/http)") {
		t.Errorf("table (err %v):\n%s", err, table.String())
	}
	if err := r.Res.WriteJSON(filepath.Join(t.TempDir(), "out", "results.json")); err != nil {
		t.Error(err)
	}
}

// hasPython reports whether the python3.12 spec survived installedRuntimes:
// the event sections run Python functions.
func hasPython(specs []runtimeSpec) bool {
	return slices.ContainsFunc(specs, func(s runtimeSpec) bool { return s.Label == "python3.12" })
}

// installedRuntimes drops the Python and Node specs when their interpreter
// is not installed, as the engine's own tests skip them.
func installedRuntimes(specs []runtimeSpec) []runtimeSpec {
	need := map[string]string{"python3.12": "python3", "nodejs20.x": "node"}
	var out []runtimeSpec
	for _, s := range specs {
		if bin, ok := need[s.Label]; ok {
			if _, err := exec.LookPath(bin); err != nil {
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

func buildGoecho(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bootstrap")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/lambdaform/terraform-provider-lambda/internal/testfunctions/goecho")
	cmd.Env = append(os.Environ(), "GOOS=linux", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building goecho: %v\n%s", err, out)
	}
	return bin
}

// startInProcessEngine serves an engine on a loopback port until the test
// ends, and returns its URL.
func startInProcessEngine(t *testing.T) string {
	t.Helper()
	e, err := engine.New(engine.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := e.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	return "http://" + ln.Addr().String()
}
