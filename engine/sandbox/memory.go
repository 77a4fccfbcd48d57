package sandbox

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// Memory modes, in order of preference.
const (
	ModeCgroup2  = "cgroup2"
	ModeCgroup1  = "cgroup1"
	ModeWatchdog = "watchdog"
)

// limiter enforces one environment's memory limit.
type limiter interface {
	prepare(attr *syscall.SysProcAttr) error // before start
	started()                                // right after start (parent side)
	join(pid int) error                      // move the new leader in
	peakBytes() int64
	oomKilled() bool
	killAll() // SIGKILL every member, including ones that left the group
	close() error
}

// Memory chooses and holds the memory-limit mechanism for all
// environments of one engine. Cgroups go in a directory of their own
// beneath the engine's own cgroup, removed by Close.
type Memory struct {
	mode string
	dir  string // container cgroup directory (cgroup modes)
	log  *slog.Logger
}

// DetectMemory picks cgroup v2 with the memory controller, else a
// writable cgroup v1 memory hierarchy, else the RSS watchdog. force, if not
// empty, selects a mode and fails when it is unavailable.
func DetectMemory(logger *slog.Logger, force string) (*Memory, error) {
	if logger == nil {
		logger = slog.Default()
	}
	name := fmt.Sprintf("lambdaform-%d-%s", os.Getpid(), RandomHex(4))
	try := []string{ModeCgroup2, ModeCgroup1, ModeWatchdog}
	if force != "" {
		try = []string{force}
	}
	var errs []error
	for _, mode := range try {
		m, err := setupMode(mode, name, logger)
		if err == nil {
			logger.Info("sandbox memory limits", "mode", mode, "cgroup", m.dir)
			return m, nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", mode, err))
	}
	return nil, fmt.Errorf("sandbox: no memory limit mechanism: %w", errors.Join(errs...))
}

func setupMode(mode, name string, logger *slog.Logger) (*Memory, error) {
	m := &Memory{mode: mode, log: logger}
	var err error
	switch mode {
	case ModeCgroup2:
		m.dir, err = setupCgroup2(name)
	case ModeCgroup1:
		m.dir, err = setupCgroup1(name)
	case ModeWatchdog:
		_, err = os.Stat("/proc/self/stat")
	default:
		err = fmt.Errorf("unknown memory mode %q", mode)
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Mode is the active mechanism.
func (m *Memory) Mode() string { return m.mode }

func (m *Memory) newLimiter(name string, limit int64) (limiter, error) {
	switch m.mode {
	case ModeCgroup2:
		return newCgroup2(filepath.Join(m.dir, name), limit)
	case ModeCgroup1:
		return newCgroup1(filepath.Join(m.dir, name), limit)
	default:
		return newWatchdog(limit), nil
	}
}

// Close removes the container cgroup; every environment must be stopped.
func (m *Memory) Close() error {
	if m.dir == "" {
		return nil
	}
	if err := rmdirRetry(m.dir); err != nil {
		return fmt.Errorf("sandbox: remove cgroup %s: %w", m.dir, err)
	}
	return nil
}

func writeFile(path, value string) error {
	if err := os.WriteFile(path, []byte(value), 0); err != nil {
		return fmt.Errorf("sandbox: write %s: %w", path, err)
	}
	return nil
}

// readInt reads a cgroup file holding one integer; -1 on failure.
func readInt(f *os.File) int64 {
	var buf [32]byte
	n, err := f.ReadAt(buf[:], 0)
	if n == 0 && err != nil {
		return -1
	}
	v, err := strconv.ParseInt(string(trimSpace(buf[:n])), 10, 64)
	if err != nil {
		return -1
	}
	return v
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return b
}
