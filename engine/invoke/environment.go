package invoke

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/runtimeapi"
	"github.com/lambdaform/terraform-provider-lambda/engine/sandbox"
)

// stopGrace is how long a runtime gets between SIGTERM and SIGKILL when
// its environment is shut down (AWS gives extensions up to 2 s, a runtime
// without extensions much less).
const stopGrace = 300 * time.Millisecond

// env is one execution environment: a runtime process group, its Runtime
// API server and its captured output. It serves one invocation at a time;
// the Manager guarantees that.
type env struct {
	id, stream string
	fn         Function
	pool       *pool
	prov       *provision // set on a provisioned-concurrency environment
	dir        string     // WorkDir/env/<id>: private, removed at stop
	tmpDir     string
	tmp        *sandbox.TempDir // measures tmpDir after each invocation
	command    []string

	api      *runtimeapi.Server
	out      *sandbox.Output
	cpus     func() // hands the environment's CPUs back; nil once done
	proc     *sandbox.Process
	startErr error // the bootstrap could not be executed

	timer    *time.Timer
	lines    []sandbox.Line
	initDur  time.Duration // reported once, by the first invocation
	broken   bool          // must not serve again
	lastUsed time.Time
}

// startEnv creates the environment and starts its runtime. It returns an
// error only when the engine could not set the sandbox up; a bootstrap
// that cannot be executed is recorded in startErr and reported to the
// caller as AWS does. pv is nil for an on-demand environment.
func (m *Manager) startEnv(fn Function, p *pool, pv *provision) (*env, error) {
	taskRoot, err := m.code.Ensure(fn.CodeKey, fn.CodeZipPath)
	if err != nil {
		return nil, err
	}
	launch, err := m.cfg.Runtimes.Launch(fn.Runtime, taskRoot)
	if err != nil {
		return nil, fmt.Errorf("invoke: runtime %s: %w", fn.Runtime, err)
	}
	e := &env{id: sandbox.RandomHex(16), fn: fn, pool: p, prov: pv, command: launch.Command}
	e.stream = streamName(time.Now(), versionOf(fn), e.id)
	e.dir = filepath.Join(m.cfg.WorkDir, "env", e.id)
	e.tmpDir = filepath.Join(e.dir, "tmp")
	e.tmp = sandbox.NewTempDir(e.tmpDir)
	if err := os.MkdirAll(e.tmpDir, 0o700); err != nil {
		return nil, fmt.Errorf("invoke: environment directory: %w", err)
	}
	if err := e.startServices(m); err != nil {
		_, serr := e.stop()
		return nil, errors.Join(err, serr)
	}
	setup := envSetup{fn: fn, taskRoot: taskRoot, runtimeDir: m.runtimeDir, tmpDir: e.tmpDir,
		stream: e.stream, apiAddr: e.api.Addr(), launchEnv: launch.Env}
	if pv != nil {
		setup.initType = "provisioned-concurrency"
	}
	vars := buildEnv(setup)
	spec := sandbox.Spec{Name: e.id, Command: launch.Command, Env: vars, Dir: taskRoot,
		MemoryBytes: int64(fn.MemoryMB) << 20, CPUs: m.cpus.Acquire(sandbox.CPUsFor(fn.MemoryMB))}
	e.cpus = func() { m.cpus.Release(spec.CPUs) }
	e.proc, err = sandbox.Start(spec, m.mem, e.out)
	if sandbox.IsStartError(err) {
		e.startErr = err
		return e, nil
	}
	if err != nil {
		_, serr := e.stop()
		return nil, errors.Join(err, serr)
	}
	return e, nil
}

func (e *env) startServices(m *Manager) error {
	e.api = runtimeapi.New(m.log.With("env", e.id))
	if err := e.api.Listen("127.0.0.1:0"); err != nil {
		return err
	}
	go func() {
		if err := e.api.Serve(); err != nil {
			m.log.Warn("runtime API stopped", "env", e.id, "error", err)
		}
	}()
	out, err := sandbox.NewOutput()
	if err != nil {
		return err
	}
	e.out = out
	e.timer = time.NewTimer(time.Hour)
	e.timer.Stop()
	return nil
}

// exited reports whether the runtime process is gone.
func (e *env) exited() bool {
	if e.proc == nil {
		return true
	}
	select {
	case <-e.proc.Exited():
		return true
	default:
		return false
	}
}

// stop ends the environment for good and returns output it wrote since the
// last invocation, so those lines still reach the log.
func (e *env) stop() ([]sandbox.Line, error) {
	var errs []error
	if e.proc != nil {
		errs = append(errs, e.proc.Stop(stopGrace))
	}
	var lines []sandbox.Line
	if e.out != nil {
		errs = append(errs, e.out.Close(time.Second))
		lines = e.out.Take(nil)
	}
	errs = append(errs, e.cleanup())
	return lines, errors.Join(errs...)
}

func (e *env) cleanup() error {
	var errs []error
	if e.api != nil {
		errs = append(errs, e.api.Close())
	}
	if e.timer != nil {
		e.timer.Stop()
	}
	if e.cpus != nil {
		e.cpus()
		e.cpus = nil
	}
	errs = append(errs, sandbox.RemoveTree(e.dir))
	return errors.Join(errs...)
}
