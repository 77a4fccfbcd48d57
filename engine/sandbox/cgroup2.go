package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// setupCgroup2 creates the engine's container cgroup in the unified
// hierarchy with the memory controller delegated to its children. It fails
// (and the caller falls back) when the engine's own cgroup cannot delegate
// memory, e.g. because of the no-internal-processes rule.
func setupCgroup2(name string) (string, error) {
	parent, err := cgroupDir("")
	if err != nil {
		return "", err
	}
	ctrl, err := os.ReadFile(filepath.Join(parent, "cgroup.controllers"))
	if err != nil || !hasWord(string(ctrl), "memory") {
		return "", errors.New("memory controller not available")
	}
	sub, _ := os.ReadFile(filepath.Join(parent, "cgroup.subtree_control"))
	if !hasWord(string(sub), "memory") {
		if err := writeFile(filepath.Join(parent, "cgroup.subtree_control"), "+memory"); err != nil {
			return "", err
		}
	}
	dir := filepath.Join(parent, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	if err := writeFile(filepath.Join(dir, "cgroup.subtree_control"), "+memory"); err != nil {
		return "", errors.Join(err, os.Remove(dir))
	}
	return dir, nil
}

func hasWord(s, w string) bool {
	for f := range strings.FieldsSeq(s) {
		if f == w {
			return true
		}
	}
	return false
}

type cgroup2 struct {
	dir   string
	peak  *os.File // memory.peak (5.19+), else memory.current
	dirFD int
	hadFD bool
}

func newCgroup2(dir string, limit int64) (*cgroup2, error) {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sandbox: create cgroup: %w", err)
	}
	c := &cgroup2{dir: dir}
	if err := c.setup(limit); err != nil {
		return nil, errors.Join(err, c.close())
	}
	return c, nil
}

func (c *cgroup2) setup(limit int64) error {
	if limit > 0 {
		if err := writeFile(filepath.Join(c.dir, "memory.max"), strconv.FormatInt(limit, 10)); err != nil {
			return err
		}
		_ = os.WriteFile(filepath.Join(c.dir, "memory.swap.max"), []byte("0"), 0)
	}
	f, err := os.Open(filepath.Join(c.dir, "memory.peak"))
	if err != nil {
		f, err = os.Open(filepath.Join(c.dir, "memory.current"))
	}
	if err != nil {
		return fmt.Errorf("sandbox: open memory usage: %w", err)
	}
	c.peak = f
	return nil
}

// prepare makes clone3 start the process inside the cgroup, so not a
// single allocation escapes the limit.
func (c *cgroup2) prepare(attr *syscall.SysProcAttr) error {
	fd, err := syscall.Open(c.dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("sandbox: open cgroup: %w", err)
	}
	c.dirFD, c.hadFD = fd, true
	attr.UseCgroupFD, attr.CgroupFD = true, fd
	return nil
}

func (c *cgroup2) started() {
	if c.hadFD {
		_ = syscall.Close(c.dirFD)
		c.hadFD = false
	}
}

func (c *cgroup2) join(int) error   { return nil }
func (c *cgroup2) peakBytes() int64 { return readInt(c.peak) }

func (c *cgroup2) oomKilled() bool {
	n, ok := keyedValue(filepath.Join(c.dir, "memory.events"), "oom_kill")
	return ok && n > 0
}

// killAll prefers cgroup.kill (5.14+), which also catches processes forked
// while killing.
func (c *cgroup2) killAll() {
	if os.WriteFile(filepath.Join(c.dir, "cgroup.kill"), []byte("1"), 0) != nil {
		killProcs(c.dir)
	}
}

func (c *cgroup2) close() error {
	c.started()
	if c.peak != nil {
		_ = c.peak.Close()
	}
	c.killAll()
	return rmdirRetry(c.dir)
}
