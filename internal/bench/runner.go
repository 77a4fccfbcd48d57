package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Runner runs the sections of a benchmark and collects their figures.
type Runner struct {
	Opt   Options
	Res   *Results
	hc    *http.Client
	specs []runtimeSpec
}

// NewRunner prepares a run: it reads the goecho bootstrap and builds the
// trivial Python and Node packages.
func NewRunner(opt Options) (*Runner, error) {
	specs, err := runtimeSpecs(opt.Goecho)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opt.WorkDir, 0o755); err != nil {
		return nil, err
	}
	if opt.Progress == nil {
		opt.Progress = io.Discard
	}
	res := &Results{Started: time.Now().UTC(), Quick: opt.Quick, LoadStart: loadAvg(), CPUs: runtime.NumCPU()}
	return &Runner{Opt: opt, Res: res, hc: newHTTPClient(), specs: specs}, nil
}

// step runs one section; a failure is recorded as skipped so the remaining
// sections still produce figures.
func (r *Runner) step(name string, f func() error) {
	fmt.Fprintf(r.Opt.Progress, "bench: %s ...\n", name)
	t0 := time.Now()
	if err := f(); err != nil {
		r.Res.Skip(name, err)
		fmt.Fprintf(r.Opt.Progress, "bench: %s: %v\n", name, err)
		return
	}
	fmt.Fprintf(r.Opt.Progress, "bench: %s done in %.1fs\n", name, time.Since(t0).Seconds())
}

// Run runs every section in order, then judges the targets. Sections
// that need a clean engine (start-up, memory, tofu) start their own.
func (r *Runner) Run(ctx context.Context) {
	r.step("engine vs RIE vs echo floor: warm latency, throughput, cold start, CreateFunction", func() error {
		return r.mainEngine(ctx)
	})
	r.step("engine start-up and idle RSS", func() error { return r.startup(ctx) })
	r.step("memory per warm environment", func() error { return r.memoryPerEnv(ctx) })
	r.step("tofu apply/destroy", func() error { return r.tofuApplies(ctx) })
	r.step("Event invocations, SQS and Kinesis event source mappings", func() error { return r.eventEngine(ctx) })
	r.Res.LoadEnd = loadAvg()
	r.Res.judge()
}

// mainEngine runs the sections that compare one long-lived engine child
// with RIE and the echo floor.
func (r *Runner) mainEngine(ctx context.Context) error {
	echo, err := startEcho()
	if err != nil {
		return err
	}
	defer echo.Close()
	dir, err := r.scratch("engine-main")
	if err != nil {
		return err
	}
	p, err := startEngineProc(r.bin("lambdaform"), dir)
	if err != nil {
		return err
	}
	defer p.Stop()
	refs := []reference{{r.floorTarget(echo.URL), fixed(r.floorTarget(echo.URL).http), func() {}}}
	floor, stopFloor, err := r.runtimeFloorReference()
	if err != nil {
		return err
	}
	defer stopFloor()
	refs = append(refs, floor)
	if rie, err := r.rieReference(ctx); err != nil {
		r.Res.Skip("RIE", err)
	} else {
		defer rie.stop() // idempotent; Compare stops it early
		refs = append(refs, rie)
	}
	return r.Compare(ctx, p.URL, refs)
}

// reference is something the engine is compared with: a latency target
// (live until stop) and a source of load for throughput.
type reference struct {
	latency latencyTarget
	load    loadSource
	stop    func()
}

// Compare measures the engine serving at base next to refs: warm latency
// and throughput (interleaved with the references), cold starts and
// CreateFunction. The test runs it against an in-process engine.
func (r *Runner) Compare(ctx context.Context, base string, refs []reference) error {
	targets, err := r.engineTargets(ctx, base)
	if err != nil {
		return err
	}
	loads := []loadTarget{{targets[0].label, fixed(targets[0].http)}}
	for _, ref := range refs {
		targets = append(targets, ref.latency)
		loads = append(loads, loadTarget{ref.latency.label, ref.load})
	}
	r.warmSection(ctx, targets)
	for _, ref := range refs {
		ref.stop() // RIE's latency instance; throughput starts its own
	}
	r.throughputSection(ctx, loads)
	if err := r.coldStarts(ctx, base); err != nil {
		return err
	}
	return r.createMegabyte(ctx, base)
}

// runtimeFloorReference runs the goecho bootstrap under the minimal
// front end of runtimefloor.go: in a process of its own when
// Options.FloorCommand says how (as the engine and RIE run), else in this
// one. Latency uses its first bootstrap; throughput starts more as callers
// need them, so it lives until the returned stop.
func (r *Runner) runtimeFloorReference() (reference, func(), error) {
	var url string
	var stop func()
	if len(r.Opt.FloorCommand) > 0 {
		p, err := startFloorProc(r.Opt.FloorCommand, r.Opt.Goecho)
		if err != nil {
			return reference{}, nil, err
		}
		url, stop = p.URL, p.Stop
	} else {
		f, err := startRuntimeFloor(r.Opt.Goecho)
		if err != nil {
			return reference{}, nil, err
		}
		url, stop = f.URL, f.Stop
	}
	t := r.target(url, "runtime-floor", "function")
	return reference{latency: t, load: fixed(t.http), stop: func() {}}, stop, nil
}

// rieReference starts the goecho bootstrap under the Runtime Interface
// Emulator, from a directory of its own.
func (r *Runner) rieReference(ctx context.Context) (reference, error) {
	bin := r.bin("aws-lambda-rie")
	if _, err := os.Stat(bin); err != nil {
		return reference{}, err
	}
	dir, err := r.scratch("rie")
	if err != nil {
		return reference{}, err
	}
	bootstrap := filepath.Join(dir, "bootstrap")
	if err := copyExecutable(r.Opt.Goecho, bootstrap); err != nil {
		return reference{}, err
	}
	p, err := startRIE(bin, bootstrap)
	if err != nil {
		return reference{}, err
	}
	return reference{latency: r.rieTarget(p.URL), load: r.rieSource(ctx, bin, bootstrap), stop: p.Stop}, nil
}

// rieSource starts a fresh RIE for every caller count, so a crash under
// one count does not zero the next, and notes when RIE died during a run.
func (r *Runner) rieSource(ctx context.Context, bin, bootstrap string) loadSource {
	return func() (invoker, func() string, func(), error) {
		p, err := startRIE(bin, bootstrap)
		if err != nil {
			return nil, nil, nil, err
		}
		inv := r.rieTarget(p.URL).http
		if err := inv.invoke(ctx); err != nil { // its init, outside the runs
			p.Stop()
			return nil, nil, nil, err
		}
		note := func() string {
			if !p.Alive() {
				return "RIE exited during the run (it panics on concurrent invokes)"
			}
			return ""
		}
		return inv, note, p.Stop, nil
	}
}

func copyExecutable(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o755)
}
