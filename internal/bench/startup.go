package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

const startupSection = "6. Engine start-up and memory (`lambdaform serve` child)"

// settle is how long a fresh engine idles before its RSS is read, so
// start-up work that finishes asynchronously is included.
const settle = 500 * time.Millisecond

// startup times `lambdaform serve` to a healthy /healthz on a fresh data
// dir and on one holding StartupFunctions functions, and reads idle RSS.
func (r *Runner) startup(ctx context.Context) error {
	empty, emptyRSS, err := r.restarts(func(i int) (string, error) {
		return r.scratch(fmt.Sprintf("startup-empty-%d", i))
	})
	if err != nil {
		return err
	}
	full, err := r.populatedDir(ctx)
	if err != nil {
		return err
	}
	loaded, loadedRSS, err := r.restarts(func(int) (string, error) { return full, nil })
	if err != nil {
		return err
	}
	n := r.Opt.StartupFunctions
	r.Res.Add(Figure{Key: "startup.empty", Section: startupSection, Name: "start-up to /healthz, fresh data dir", Value: median(empty), Unit: "ms", Runs: len(empty)})
	r.Res.Add(Figure{Key: "startup.full", Section: startupSection, Name: fmt.Sprintf("start-up to /healthz, %d functions", n), Value: median(loaded), Unit: "ms", Runs: len(loaded)})
	r.Res.Add(Figure{Key: "rss.idle", Section: startupSection, Name: "idle RSS, fresh data dir", Value: median(emptyRSS), Unit: "MB", Runs: len(emptyRSS)})
	r.Res.Add(Figure{Key: "rss.idle.full", Section: startupSection, Name: fmt.Sprintf("idle RSS, %d functions", n), Value: median(loadedRSS), Unit: "MB", Runs: len(loadedRSS)})
	return nil
}

// restarts starts and stops an engine max(Repeats, 3) times on the data
// dir dirFor returns, giving start-up times (ms) and idle RSS (MB).
func (r *Runner) restarts(dirFor func(int) (string, error)) (startups, rss []float64, err error) {
	for i := range max(r.Opt.Repeats, 3) {
		dir, err := dirFor(i)
		if err != nil {
			return nil, nil, err
		}
		p, err := startEngineProc(r.bin("lambdaform"), dir)
		if err != nil {
			return nil, nil, err
		}
		startups = append(startups, ms(p.Startup))
		time.Sleep(settle)
		kb, err := rssKB(p.PID())
		p.Stop()
		if err != nil {
			return nil, nil, err
		}
		rss = append(rss, float64(kb)/1024)
	}
	return startups, rss, nil
}

// populatedDir creates StartupFunctions Python functions in a new data dir
// through a temporary engine, and returns the dir.
func (r *Runner) populatedDir(ctx context.Context) (string, error) {
	dir, err := r.scratch("startup-full")
	if err != nil {
		return "", err
	}
	p, err := startEngineProc(r.bin("lambdaform"), dir)
	if err != nil {
		return "", err
	}
	defer p.Stop()
	api := controlAPI{base: p.URL, client: r.hc}
	for i := range r.Opt.StartupFunctions {
		if err := api.create(ctx, fmt.Sprintf("fn-%03d", i), r.specs[1]); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// scratch returns a new, empty directory path under WorkDir (the engine
// creates it).
func (r *Runner) scratch(name string) (string, error) {
	dir := filepath.Join(r.Opt.WorkDir, name)
	return dir, os.RemoveAll(dir)
}

// bin returns the path of a program in BinDir.
func (r *Runner) bin(name string) string { return filepath.Join(r.Opt.BinDir, name) }
