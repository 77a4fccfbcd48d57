package runtimes

import (
	"os/exec"
	"testing"
	"time"
)

// Cold start: process start → first GET /invocation/next, for a trivial
// handler, next to the interpreter's own empty start-up measured the same
// way (start → exit). Run with: go test -run - -bench ColdStart ./engine/runtimes

func BenchmarkColdStartPython(b *testing.B) {
	benchColdStart(b, "python3.12", "app.handler",
		map[string]string{"app.py": "def handler(e, c):\n    return e\n"}, "-c", "pass")
}

func BenchmarkColdStartNode(b *testing.B) {
	benchColdStart(b, "nodejs20.x", "index.handler",
		map[string]string{"index.js": "exports.handler = async (e) => e;\n"}, "-e", "0")
}

func benchColdStart(b *testing.B, runtime, handler string, files map[string]string, emptyArgs ...string) {
	reg := newTestRegistry(b)
	requireRuntime(b, reg, runtime)
	interp := reg.Interpreter(runtime)
	var boot, empty time.Duration
	for b.Loop() {
		boot += timeToFirstNext(b, reg, runtime, handler, files)
		begin := time.Now()
		if err := exec.Command(interp, emptyArgs...).Run(); err != nil {
			b.Fatal(err)
		}
		empty += time.Since(begin)
	}
	n := float64(b.N)
	b.ReportMetric(float64(boot.Microseconds())/1000/n, "ms-to-first-next")
	b.ReportMetric(float64(empty.Microseconds())/1000/n, "ms-empty-interpreter")
	b.ReportMetric(float64(boot)/float64(empty), "ratio")
}

// timeToFirstNext starts a bootstrap and measures until it first asks for work.
func timeToFirstNext(b *testing.B, reg *Registry, runtime, handler string, files map[string]string) time.Duration {
	s := start(b, reg, runtime, handler, files)
	select {
	case at := <-s.api.nexts:
		s.stop()
		return at.Sub(s.began)
	case <-s.exited:
		b.Fatalf("bootstrap exited before asking for work:\n%s", s.out.String())
		return 0
	}
}
