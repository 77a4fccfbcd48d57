// Command lambdaform-bench measures the local engine against its speed
// targets and reference points, prints a table to stdout and writes the
// figures as JSON. Run it with `make bench`; BENCH_QUICK=1 shrinks every
// count so a run only proves the program still works; BENCH_KEEP=1 keeps
// the scratch directory. It exits 0 whatever the figures are: targets are
// informational.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/lambdaform/terraform-provider-lambda/internal/bench"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "lambdaform-bench:", err)
		os.Exit(1)
	}
}

func run() error {
	opt := bench.DefaultOptions(os.Getenv("BENCH_QUICK") == "1")
	out := flag.String("out", "bench/results.json", "where to write the figures as JSON")
	flag.StringVar(&opt.BinDir, "bin", "bin", "directory with lambdaform, terraform-provider-lambda, tofu and aws-lambda-rie")
	flag.StringVar(&opt.Goecho, "goecho", "bench/build/bootstrap", "the goecho bootstrap built for linux")
	flag.StringVar(&opt.NoopProviderDir, "noop-provider-dir", "bench/build", "directory holding terraform-provider-noop")
	flag.StringVar(&opt.WorkDir, "work", "bench/work", "scratch directory (emptied per section)")
	serveFloor := flag.String("serve-runtime-floor", "", "internal: serve the runtime floor for this bootstrap until stdin closes")
	flag.Parse()
	if *serveFloor != "" {
		return bench.ServeRuntimeFloor(*serveFloor, os.Stdin, os.Stdout)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	opt.FloorCommand = []string{self, "-serve-runtime-floor"}
	for _, p := range []*string{&opt.BinDir, &opt.Goecho, &opt.NoopProviderDir, &opt.WorkDir} {
		abs, err := filepath.Abs(*p)
		if err != nil {
			return err
		}
		*p = abs
	}
	opt.Progress = os.Stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := bench.NewRunner(opt)
	if err != nil {
		return err
	}
	r.Run(ctx)
	// The scratch data (engine data dirs, 1 MB packages, tofu state) is
	// only worth keeping to debug a failed section.
	if os.Getenv("BENCH_KEEP") != "1" && len(r.Res.Skipped) == 0 {
		_ = os.RemoveAll(opt.WorkDir)
	}
	if err := r.Res.PrintTable(os.Stdout); err != nil {
		return err
	}
	return r.Res.WriteJSON(*out)
}
