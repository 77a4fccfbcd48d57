package bench

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

const coldSection = "5. Cold start (first Invoke after Active, vs bare process start)"

// baseline is a bare process whose start-to-exit time a runtime's cold
// start is compared with.
type baseline struct {
	key, name string
	argv      []string
}

// baselines resolves the interpreters as the engine does (asking each for
// its own executable), so a version manager's shim is not what is timed.
// The goecho bootstrap exits at once outside Lambda (no Runtime API).
func (r *Runner) baselines() map[string]baseline {
	return map[string]baseline{
		"goecho":     {"goecho-exec", "exec goecho bootstrap", []string{r.Opt.Goecho}},
		"python3.12": {"python3", "python3 -c pass", []string{resolve("python3", "-S", "-c", "import sys; print(sys.executable)"), "-c", "pass"}},
		"nodejs20.x": {"node", "node -e 0", []string{resolve("node", "-p", "process.execPath"), "-e", "0"}},
	}
}

// coldStarts creates ColdFunctions new functions per runtime and times each
// one's first invocation, which starts its first execution environment.
// Each is paired with one run of the runtime's bare process, so both see
// the same load.
func (r *Runner) coldStarts(ctx context.Context, base string) error {
	api := controlAPI{base: base, client: r.hc}
	bases := r.baselines()
	for _, spec := range r.specs {
		var cold, bare []float64
		for i := range r.Opt.ColdFunctions {
			name := fmt.Sprintf("cold-%s-%d", sanitize(spec.Label), i)
			if err := api.create(ctx, name, spec); err != nil {
				return err
			}
			inv := httpInvoker{client: r.hc, url: invocationsURL(base, name), payload: echoPayload}
			t0 := time.Now()
			if err := inv.invoke(ctx); err != nil {
				return fmt.Errorf("cold invoke %s: %w", name, err)
			}
			cold = append(cold, since(t0))
			d, err := timeProcess(ctx, bases[spec.Label].argv)
			if err != nil {
				return fmt.Errorf("%s: %w", bases[spec.Label].name, err)
			}
			bare = append(bare, d)
		}
		b := bases[spec.Label]
		r.Res.Add(Figure{Key: "cold." + spec.Label, Section: coldSection, Name: spec.Label + " first invoke",
			Value: median(cold), Unit: "ms", Runs: len(cold)})
		r.Res.Add(Figure{Key: "cold.base." + b.key, Section: coldSection, Name: b.name + " (start to exit)",
			Value: median(bare), Unit: "ms", Runs: len(bare), Note: b.argv[0]})
	}
	return nil
}

// resolve asks interpreter name for its real executable, falling back to
// name itself.
func resolve(name string, probe ...string) string {
	out, err := exec.Command(name, probe...).Output()
	if p := strings.TrimSpace(string(out)); err == nil && p != "" {
		return p
	}
	return name
}

// timeProcess times argv from start to exit in milliseconds. A non-zero
// exit is expected for the goecho bootstrap.
func timeProcess(ctx context.Context, argv []string) (float64, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	t0 := time.Now()
	err := cmd.Run()
	if _, exited := errors.AsType[*exec.ExitError](err); err != nil && !exited {
		return 0, err
	}
	return since(t0), nil
}
