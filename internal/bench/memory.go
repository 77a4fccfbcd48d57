package bench

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// memSample is the memory of an engine and its environments at one moment.
type memSample struct {
	engineKB, envKB int64
	procs           int
}

func sampleMemory(pid int) (memSample, error) {
	kb, err := rssKB(pid)
	if err != nil {
		return memSample{}, err
	}
	d := descendants(pid)
	return memSample{engineKB: kb, envKB: treeRSSKB(d), procs: len(d)}, nil
}

// memoryPerEnv warms WarmEnvs environments of a goecho function on a fresh
// engine, Repeats times, and records the engine's own RSS growth per
// environment separately from the environments' process trees.
func (r *Runner) memoryPerEnv(ctx context.Context) error {
	var engine, runtime, envs []float64
	for i := range r.Opt.Repeats {
		before, after, err := r.warmEnvs(ctx, i)
		if err != nil {
			return err
		}
		n := float64(r.Opt.WarmEnvs)
		engine = append(engine, float64(after.engineKB-before.engineKB)/1024/n)
		runtime = append(runtime, float64(after.envKB-before.envKB)/1024/n)
		envs = append(envs, float64(after.procs-before.procs))
	}
	name := fmt.Sprintf("per warm goecho environment (N=%d)", r.Opt.WarmEnvs)
	r.Res.Add(Figure{Key: "mem.engine-per-env", Section: startupSection, Name: "engine RSS growth " + name, Value: median(engine), Unit: "MB", Runs: len(engine)})
	r.Res.Add(Figure{Key: "mem.runtime-per-env", Section: startupSection, Name: "environment process RSS " + name, Value: median(runtime), Unit: "MB", Runs: len(runtime)})
	r.Res.Add(Figure{Key: "mem.procs", Section: startupSection, Name: "environment processes started", Value: median(envs), Unit: "procs", Runs: len(envs)})
	return nil
}

// warmEnvs samples memory on a fresh engine with one Active function, then
// again after WarmEnvs overlapping invocations forced as many environments.
func (r *Runner) warmEnvs(ctx context.Context, run int) (before, after memSample, err error) {
	dir, err := r.scratch(fmt.Sprintf("memory-%d", run))
	if err != nil {
		return before, after, err
	}
	p, err := startEngineProc(r.bin("lambdaform"), dir)
	if err != nil {
		return before, after, err
	}
	defer p.Stop()
	if err := (controlAPI{base: p.URL, client: r.hc}).create(ctx, "mem", r.specs[0]); err != nil {
		return before, after, err
	}
	time.Sleep(settle)
	if before, err = sampleMemory(p.PID()); err != nil {
		return before, after, err
	}
	if err := r.overlap(ctx, invocationsURL(p.URL, "mem")); err != nil {
		return before, after, err
	}
	time.Sleep(settle)
	after, err = sampleMemory(p.PID())
	return before, after, err
}

// overlap sends WarmEnvs invocations that each sleep 500 ms, all at once,
// so the engine must run them in separate environments.
func (r *Runner) overlap(ctx context.Context, url string) error {
	inv := httpInvoker{client: r.hc, url: url, payload: []byte(`{"action":"sleep","n":500}`)}
	errs := make(chan error, r.Opt.WarmEnvs)
	var wg sync.WaitGroup
	for range r.Opt.WarmEnvs {
		wg.Go(func() { errs <- inv.invoke(ctx) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return fmt.Errorf("warming environments: %w", err)
		}
	}
	return nil
}
