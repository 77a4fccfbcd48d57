package invoke

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/sandbox"
)

// DESIGN notes on what is and is not like AWS:
//   - An environment is a host process group, not a microVM. Code is
//     unpacked read-only, but a runtime running as root can still write
//     there, and paths outside the task root and the private temp dir
//     (such as /tmp itself) are the host's.
//   - Ephemeral storage is the private directory named by TMPDIR/TMP/TEMP.
//     Its size is checked after every invocation; an environment over
//     EphemeralStorage is retired rather than failing writes with ENOSPC.
//   - Memory is limited by a cgroup when the machine allows (see
//     sandbox.DetectMemory), else by an RSS watchdog.
//   - CPU: an environment runs on one CPU per 1,769 MB begun (Lambda's
//     vCPU equivalent), the least used ones when it starts (sandbox.CPUs).

// pool holds the environments of one function configuration.
type pool struct {
	name, version string
	idle          []*env // most recently used last
	provIdle      []*env // idle provisioned-concurrency environments
	busy          int
	pinned        int // provisioned environments, starting or alive
	retired       bool
}

type poolKey struct{ name, version, codeKey, revision string }

// Manager schedules invocations onto execution environments.
type Manager struct {
	cfg        Config
	log        *slog.Logger
	mem        *sandbox.Memory
	cpus       *sandbox.CPUs // nil: environments run on any CPU
	code       *sandbox.CodeCache
	ship       *shipper
	runtimeDir string

	obs      Observer
	counters concCounters

	mu     sync.Mutex
	pools  map[poolKey]*pool
	busy   map[*env]struct{}
	gate   gate                   // concurrency limits (gate.go)
	provs  map[provKey]*provision // provisioned concurrency (provisioned.go)
	closed bool
	envs   sync.WaitGroup // one per live environment
	stop   chan struct{}
	reaped chan struct{}
	// ctx ends at Close; provisioned environments initialise under it.
	ctx    context.Context
	cancel context.CancelFunc
}

// NewManager prepares the work directory and picks the memory-limit mode.
func NewManager(cfg Config) (*Manager, error) {
	if cfg.Runtimes == nil || cfg.WorkDir == "" {
		return nil, errors.New("invoke: Config needs Runtimes and WorkDir")
	}
	if cfg.KeepAlive <= 0 {
		cfg.KeepAlive = 5 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ConcurrencyLimit <= 0 {
		cfg.ConcurrencyLimit = DefaultConcurrencyLimit
	}
	if cfg.Observer == nil {
		cfg.Observer = nopObserver{}
	}
	m := &Manager{cfg: cfg, log: cfg.Logger, obs: cfg.Observer, pools: map[poolKey]*pool{}, busy: map[*env]struct{}{},
		gate:  gate{limit: cfg.ConcurrencyLimit, fns: map[string]*fnConc{}},
		provs: map[provKey]*provision{}, stop: make(chan struct{}), reaped: make(chan struct{})}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	if err := m.prepare(); err != nil {
		return nil, err
	}
	if cfg.Logs != nil {
		m.ship = newShipper(cfg.Logs, m.log)
	}
	go m.reap()
	return m, nil
}

func (m *Manager) prepare() error {
	var err error
	if m.code, err = sandbox.NewCodeCache(filepath.Join(m.cfg.WorkDir, "code")); err != nil {
		return err
	}
	// provided.* runtimes have an empty runtime directory, like /var/runtime.
	m.runtimeDir = filepath.Join(m.cfg.WorkDir, "runtime")
	if err := os.MkdirAll(m.runtimeDir, 0o755); err != nil {
		return fmt.Errorf("invoke: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(m.cfg.WorkDir, "env"), 0o755); err != nil {
		return fmt.Errorf("invoke: %w", err)
	}
	if m.mem, err = sandbox.DetectMemory(m.log, m.cfg.MemoryMode); err != nil {
		return err
	}
	if !m.cfg.AnyCPU {
		if m.cpus, err = sandbox.DetectCPUs(); err != nil {
			m.log.Warn("environments not placed on CPUs", "error", err)
		}
		m.log.Info("sandbox CPU placement", "cpus", m.cpus.Count(), "mbPerCPU", sandbox.MBPerCPU)
	}
	return nil
}

// MemoryMode reports the active memory-limit mechanism.
func (m *Manager) MemoryMode() string { return m.mem.Mode() }

// Invoke runs one invocation synchronously. A function error is a Result
// with FunctionError; an error means it could not be run at all: a
// *ThrottleError (errors.Is ErrThrottled) when a concurrency limit refused
// it, ErrClosed after Close, or the reason the engine failed.
func (m *Manager) Invoke(ctx context.Context, fn Function, req Request) (Result, error) {
	fn = withDefaults(fn)
	if req.RequestID == "" {
		req.RequestID = newRequestID()
	}
	qualifier := qualifierOf(fn.ARN)
	t, err := m.admit(fn)
	if err != nil {
		if errors.Is(err, ErrThrottled) {
			m.counters.throttles.Add(1)
			m.obs.Throttled(fn.Name, qualifier)
		}
		return Result{}, err
	}
	m.counters.invocations.Add(1)
	m.counters.inflight.Add(1)
	m.obs.InvocationStarted(fn.Name, qualifier)
	res, onProv, err := m.attempts(ctx, fn, req, t.prov != nil)
	m.mu.Lock()
	m.gate.leave(t)
	m.mu.Unlock()
	m.counters.inflight.Add(-1)
	if onProv {
		m.counters.provisioned.Add(1)
	}
	errType := res.ErrorType
	if err != nil {
		errType = errTypeEngine
	}
	m.obs.InvocationFinished(fn.Name, qualifier, fn.Version, res.Duration, errType, onProv)
	return res, err
}

// admit takes the invocation's hold on the concurrency limits.
func (m *Manager) admit(fn Function) (ticket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ticket{}, ErrClosed
	}
	pv := m.provs[provKey{fn.Name, fn.Version}]
	if pv != nil && !pv.serves(fn) {
		pv = nil
	}
	t, reason := m.gate.admit(fn.Name, pv)
	if reason != "" {
		return ticket{}, &ThrottleError{Function: fn.Name, Reason: reason}
	}
	return t, nil
}

// attempts runs the invocation; an event that never reached a runtime (it
// died while idle) is run again on another environment, as AWS would.
func (m *Manager) attempts(ctx context.Context, fn Function, req Request, wantProv bool) (Result, bool, error) {
	for attempt := 0; ; attempt++ {
		res, retry, onProv, err := m.attempt(ctx, fn, req, wantProv)
		if retry && attempt < 3 {
			continue
		}
		return res, onProv, err
	}
}

func (m *Manager) attempt(ctx context.Context, fn Function, req Request, wantProv bool) (Result, bool, bool, error) {
	e, cold, err := m.acquire(fn, wantProv)
	if err != nil {
		return Result{}, false, false, err
	}
	onProv := e.prov != nil
	var initLines []sandbox.Line
	if cold {
		var ok bool
		var res Result
		e, initLines, res, ok, err = m.initialise(ctx, e, fn, req)
		if !ok {
			if e != nil {
				m.release(e)
			}
			return res, false, false, err
		}
	}
	res, retry, err := m.run(ctx, e, fn, req, initLines)
	m.release(e)
	return res, retry, onProv, err
}

func withDefaults(fn Function) Function {
	if fn.Version == "" {
		fn.Version = "$LATEST"
	}
	if fn.TimeoutSec <= 0 {
		fn.TimeoutSec = 3
	}
	if fn.MemoryMB <= 0 {
		fn.MemoryMB = 128
	}
	if fn.EphemeralMB <= 0 {
		fn.EphemeralMB = 512
	}
	return fn
}
