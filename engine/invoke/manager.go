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

// pool holds the environments of one function configuration.
type pool struct {
	name, version string
	idle          []*env // most recently used last
	busy          int
	retired       bool
}

type poolKey struct{ name, version, codeKey, revision string }

// Manager schedules invocations onto execution environments.
type Manager struct {
	cfg        Config
	log        *slog.Logger
	mem        *sandbox.Memory
	code       *sandbox.CodeCache
	ship       *shipper
	runtimeDir string

	mu     sync.Mutex
	pools  map[poolKey]*pool
	busy   map[*env]struct{}
	closed bool
	envs   sync.WaitGroup // one per live environment
	stop   chan struct{}
	reaped chan struct{}
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
	m := &Manager{cfg: cfg, log: cfg.Logger, pools: map[poolKey]*pool{}, busy: map[*env]struct{}{},
		stop: make(chan struct{}), reaped: make(chan struct{})}
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
	m.mem, err = sandbox.DetectMemory(m.log, m.cfg.MemoryMode)
	return err
}

// MemoryMode reports the active memory-limit mechanism.
func (m *Manager) MemoryMode() string { return m.mem.Mode() }

// Invoke runs one invocation synchronously. A function error is a Result
// with FunctionError; an error means it could not be run at all.
func (m *Manager) Invoke(ctx context.Context, fn Function, req Request) (Result, error) {
	fn = withDefaults(fn)
	if req.RequestID == "" {
		req.RequestID = newRequestID()
	}
	for attempt := 0; ; attempt++ {
		res, retry, err := m.attempt(ctx, fn, req)
		// An event that never reached a runtime (it died while idle) is
		// run again on another environment, as AWS would.
		if retry && attempt < 3 {
			continue
		}
		return res, err
	}
}

func (m *Manager) attempt(ctx context.Context, fn Function, req Request) (Result, bool, error) {
	e, cold, err := m.acquire(fn)
	if err != nil {
		return Result{}, false, err
	}
	var initLines []sandbox.Line
	if cold {
		var ok bool
		var res Result
		e, initLines, res, ok, err = m.initialise(ctx, e, fn, req)
		if !ok {
			if e != nil {
				m.release(e)
			}
			return res, false, err
		}
	}
	res, retry, err := m.run(ctx, e, fn, req, initLines)
	m.release(e)
	return res, retry, err
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
