// Package runtimes knows how to start a Lambda runtime's bootstrap process on
// the host: the provided.* runtimes run the function's own bootstrap, while
// the Python and Node runtimes run bootstraps embedded in the engine that
// speak the Lambda Runtime API (AWS_LAMBDA_RUNTIME_API) without any network
// access or third-party packages.
package runtimes

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Launch is how to start one execution environment's bootstrap process: its
// argv and the environment it needs on top of what the engine sets.
type Launch struct {
	Command []string
	Env     []string
}

// Config configures a Registry.
type Config struct {
	Python, Node string            // interpreter paths or names; default "python3" and "node"
	Overrides    map[string]string // runtime id → interpreter, e.g. "python3.12": "/usr/bin/python3.12"
	RuntimeDir   string            // where the embedded bootstraps are written (LAMBDA_RUNTIME_DIR)
}

// ErrUnsupported is wrapped by Launch's error when a runtime is unknown or
// its interpreter is not available on this host.
var ErrUnsupported = errors.New("runtime not supported")

// family groups runtimes that start the same way.
type family int

const (
	familyProvided family = iota // the function's own executable bootstrap
	familyPython
	familyNode
)

// known lists every runtime id the engine can run and its family.
var known = map[string]family{
	"provided.al2023": familyProvided,
	"provided.al2":    familyProvided,
	"provided":        familyProvided,
	"go1.x":           familyProvided,
	"python3.9":       familyPython,
	"python3.10":      familyPython,
	"python3.11":      familyPython,
	"python3.12":      familyPython,
	"python3.13":      familyPython,
	"python3.14":      familyPython,
	"nodejs18.x":      familyNode,
	"nodejs20.x":      familyNode,
	"nodejs22.x":      familyNode,
	"nodejs24.x":      familyNode,
}

// Registry resolves runtime ids to launch commands. It is safe for
// concurrent use; interp and reason are written once, before ready closes.
type Registry struct {
	dir    string
	ready  chan struct{}     // closed when the interpreters are resolved
	interp map[string]string // runtime id → resolved interpreter path
	reason map[string]error  // runtime id → why it is unsupported
}

// New writes the embedded bootstraps into cfg.RuntimeDir and resolves the
// interpreters. A missing interpreter only makes its runtimes unsupported.
func New(cfg Config) (*Registry, error) {
	if cfg.RuntimeDir == "" {
		return nil, errors.New("runtimes: RuntimeDir is required")
	}
	dir, err := filepath.Abs(cfg.RuntimeDir)
	if err != nil {
		return nil, fmt.Errorf("runtimes: %w", err)
	}
	if err := materialise(dir); err != nil {
		return nil, fmt.Errorf("runtimes: %w", err)
	}
	r := &Registry{dir: dir, ready: make(chan struct{}), interp: map[string]string{}, reason: map[string]error{}}
	// Probing runs each interpreter once (tens of milliseconds each), so it
	// happens in the background: the engine answers at once, and the first
	// call that needs an interpreter waits for the probe.
	go func() {
		defer close(r.ready)
		r.resolve(cfg)
	}()
	return r, nil
}

// resolve looks every interpreter up once, so a missing one is known
// before the first invoke needs it.
func (r *Registry) resolve(cfg Config) {
	defaults := map[family]string{familyPython: or(cfg.Python, "python3"), familyNode: or(cfg.Node, "node")}
	found := map[string]lookupResult{} // by interpreter name: each is probed once
	for id, fam := range known {
		if fam == familyProvided {
			continue
		}
		name := or(cfg.Overrides[id], defaults[fam])
		if _, seen := found[name]; !seen {
			found[name] = lookup(name, fam)
		}
		if res := found[name]; res.err != nil {
			r.reason[id] = fmt.Errorf("%w: %s needs interpreter %q: %w", ErrUnsupported, id, name, res.err)
		} else {
			r.interp[id] = res.path
		}
	}
}

type lookupResult struct {
	path string
	err  error
}

// probes ask an interpreter for its own executable: version managers
// (pyenv, asdf) put shell-script shims on PATH that cost tens of
// milliseconds on every start, so each cold start should skip them.
var probes = map[family][]string{
	familyPython: {"-S", "-c", "import sys; print(sys.executable)"},
	familyNode:   {"-p", "process.execPath"},
}

// lookup finds name on PATH and checks that it really runs.
func lookup(name string, fam family) lookupResult {
	path, err := exec.LookPath(name)
	if err != nil {
		return lookupResult{err: err}
	}
	out, err := exec.Command(path, probes[fam]...).Output()
	if err != nil {
		return lookupResult{err: fmt.Errorf("%s does not run: %w", path, err)}
	}
	resolved := strings.TrimSpace(string(out))
	if resolved == "" {
		return lookupResult{path: path}
	}
	return lookupResult{path: resolved}
}

// Supported reports whether runtime can be launched on this host.
func (r *Registry) Supported(runtime string) bool {
	return r.Unsupported(runtime) == nil
}

// Unsupported explains why runtime cannot be launched, or returns nil.
func (r *Registry) Unsupported(runtime string) error {
	if _, ok := known[runtime]; !ok {
		return fmt.Errorf("%w: unknown runtime %q", ErrUnsupported, runtime)
	}
	<-r.ready
	return r.reason[runtime]
}

// Runtimes lists the runtime ids this host can launch, sorted.
func (r *Registry) Runtimes() []string {
	var ids []string
	for id := range known {
		if r.Supported(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// ExecutionEnv is the AWS_EXECUTION_ENV value AWS sets for runtime. The
// OS-only runtimes have none.
func (r *Registry) ExecutionEnv(runtime string) string {
	if fam, ok := known[runtime]; !ok || fam == familyProvided {
		return ""
	}
	return "AWS_Lambda_" + runtime
}

// Interpreter is the resolved interpreter path for runtime ("" for the
// provided.* runtimes and unsupported ones).
func (r *Registry) Interpreter(runtime string) string {
	<-r.ready
	return r.interp[runtime]
}

// Dir is the directory the bootstraps were written to (LAMBDA_RUNTIME_DIR).
func (r *Registry) Dir() string { return r.dir }

// Launch returns how to start runtime's bootstrap for code in taskRoot.
func (r *Registry) Launch(runtime, taskRoot string) (Launch, error) {
	if err := r.Unsupported(runtime); err != nil {
		return Launch{}, err
	}
	switch known[runtime] {
	case familyPython:
		return r.launchPython(runtime, taskRoot), nil
	case familyNode:
		return r.launchNode(runtime), nil
	default:
		// AWS runs the executable named bootstrap at the root of the task.
		return Launch{Command: []string{filepath.Join(taskRoot, "bootstrap")}}, nil
	}
}

func (r *Registry) launchPython(runtime, taskRoot string) Launch {
	py := filepath.Join(r.dir, "python")
	return Launch{
		Command: []string{r.interp[runtime], filepath.Join(py, "bootstrap.py")},
		Env: []string{
			// The task root comes first, as on AWS; the runtime dir holds
			// the bootstrap's own module.
			"PYTHONPATH=" + taskRoot + string(filepath.ListSeparator) + py,
			// Keep bytecode caches out of the (shared, read-only in spirit)
			// task root while still caching them for later cold starts.
			"PYTHONPYCACHEPREFIX=" + filepath.Join(r.dir, "pycache"),
			"LAMBDA_RUNTIME_DIR=" + r.dir,
		},
	}
}

func (r *Registry) launchNode(runtime string) Launch {
	return Launch{
		Command: []string{r.interp[runtime], filepath.Join(r.dir, "node", "bootstrap.mjs")},
		Env:     []string{"LAMBDA_RUNTIME_DIR=" + r.dir},
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
