package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// setupCgroup1 creates the engine's container cgroup in the v1 memory
// hierarchy, beneath the engine's own cgroup so any limit on the engine
// still applies to its functions.
func setupCgroup1(name string) (string, error) {
	parent, err := cgroupDir("memory")
	if err != nil {
		return "", err
	}
	dir := filepath.Join(parent, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "memory.limit_in_bytes")); err != nil {
		return "", errors.Join(err, os.Remove(dir))
	}
	return dir, nil
}

type cgroup1 struct {
	dir  string
	peak *os.File
}

func newCgroup1(dir string, limit int64) (*cgroup1, error) {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sandbox: create cgroup: %w", err)
	}
	c := &cgroup1{dir: dir}
	if err := c.setup(limit); err != nil {
		return nil, errors.Join(err, c.close())
	}
	return c, nil
}

func (c *cgroup1) setup(limit int64) error {
	if limit > 0 {
		v := strconv.FormatInt(limit, 10)
		if err := writeFile(filepath.Join(c.dir, "memory.limit_in_bytes"), v); err != nil {
			return err
		}
		// Without swap accounting the file is absent; with it, swapping
		// must not let a function exceed its memory.
		_ = os.WriteFile(filepath.Join(c.dir, "memory.memsw.limit_in_bytes"), []byte(v), 0)
	}
	f, err := os.Open(filepath.Join(c.dir, "memory.max_usage_in_bytes"))
	if err != nil {
		return fmt.Errorf("sandbox: open peak usage: %w", err)
	}
	c.peak = f
	return nil
}

func (c *cgroup1) prepare(*syscall.SysProcAttr) error { return nil }
func (c *cgroup1) started()                           {}

// join moves the leader in right after it started. Its children are
// created later and inherit the cgroup.
func (c *cgroup1) join(pid int) error {
	return writeFile(filepath.Join(c.dir, "cgroup.procs"), strconv.Itoa(pid))
}

func (c *cgroup1) peakBytes() int64 { return readInt(c.peak) }

// oomKilled uses the oom_kill counter (kernel 4.13+); older kernels only
// count hitting the limit, which together with the SIGKILL the caller saw
// is the best evidence available.
func (c *cgroup1) oomKilled() bool {
	if n, ok := keyedValue(filepath.Join(c.dir, "memory.oom_control"), "oom_kill"); ok {
		return n > 0
	}
	data, err := os.ReadFile(filepath.Join(c.dir, "memory.failcnt"))
	return err == nil && string(trimSpace(data)) != "0"
}

func (c *cgroup1) killAll() { killProcs(c.dir) }

func (c *cgroup1) close() error {
	if c.peak != nil {
		_ = c.peak.Close()
	}
	killProcs(c.dir)
	return rmdirRetry(c.dir)
}
