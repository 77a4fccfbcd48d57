package sandbox

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// mountInfo is one line of /proc/self/mountinfo that matters here.
type mountInfo struct {
	root, point, fstype, superOpts string
}

func readMounts() ([]mountInfo, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, fmt.Errorf("read mountinfo: %w", err)
	}
	defer f.Close()
	var out []mountInfo
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := parseMountInfo(sc.Text()); ok {
			out = append(out, m)
		}
	}
	return out, sc.Err()
}

// parseMountInfo reads "id parent maj:min root point opts [tags…] - fstype source superopts".
func parseMountInfo(line string) (mountInfo, bool) {
	pre, post, ok := strings.Cut(line, " - ")
	if !ok {
		return mountInfo{}, false
	}
	a, b := strings.Fields(pre), strings.Fields(post)
	if len(a) < 5 || len(b) < 3 {
		return mountInfo{}, false
	}
	return mountInfo{root: a[3], point: a[4], fstype: b[0], superOpts: b[2]}, true
}

// ownCgroup returns this process's path in the hierarchy whose controller
// list contains controller ("" selects the v2 unified hierarchy).
func ownCgroup(controller string) (string, error) {
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return "", fmt.Errorf("read /proc/self/cgroup: %w", err)
	}
	return parseOwnCgroup(string(data), controller)
}

func parseOwnCgroup(data, controller string) (string, error) {
	for line := range strings.Lines(data) {
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if controller == "" && parts[0] == "0" && parts[1] == "" {
			return parts[2], nil
		}
		if controller != "" && hasItem(parts[1], controller) {
			return parts[2], nil
		}
	}
	return "", fmt.Errorf("no cgroup for controller %q", controller)
}

// cgroupDir finds where this process's cgroup (for the v1 controller, or
// v2 when controller is "") appears in the mounted filesystem.
func cgroupDir(controller string) (string, error) {
	own, err := ownCgroup(controller)
	if err != nil {
		return "", err
	}
	mounts, err := readMounts()
	if err != nil {
		return "", err
	}
	for _, m := range mounts {
		v2 := controller == "" && m.fstype == "cgroup2"
		v1 := controller != "" && m.fstype == "cgroup" && hasItem(m.superOpts, controller)
		if !v1 && !v2 {
			continue
		}
		rel, ok := strings.CutPrefix(own, m.root)
		if !ok && m.root != "/" {
			continue
		}
		if m.root == "/" {
			rel = own
		}
		dir := filepath.Join(m.point, rel)
		if _, err := os.Stat(dir); err == nil {
			return dir, nil
		}
	}
	return "", errors.New("own cgroup is not mounted")
}

func hasItem(list, item string) bool {
	for f := range strings.SplitSeq(list, ",") {
		if f == item {
			return true
		}
	}
	return false
}

// cgroupProcs lists the pids in a cgroup.
func cgroupProcs(dir string) []int {
	data, err := os.ReadFile(filepath.Join(dir, "cgroup.procs"))
	if err != nil {
		return nil
	}
	var pids []int
	for f := range strings.FieldsSeq(string(data)) {
		if pid, err := strconv.Atoi(f); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

func killProcs(dir string) {
	for _, pid := range cgroupProcs(dir) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// rmdirRetry removes a cgroup directory. The kernel refuses while a killed
// member has not been reaped yet, so it retries for about a second.
func rmdirRetry(dir string) error {
	var err error
	for range 50 {
		err = os.Remove(dir)
		if err == nil || errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if !errors.Is(err, syscall.EBUSY) {
			return err
		}
		killProcs(dir)
		time.Sleep(20 * time.Millisecond)
	}
	return err
}

// keyedValue reads "key N" from a flat-keyed cgroup file (memory.events,
// memory.oom_control); ok is false when the key is absent.
func keyedValue(path, key string) (int64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(data)) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), " ")
		if k == key {
			n, err := strconv.ParseInt(v, 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// RandomHex returns 2n random hex digits.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return hex.EncodeToString(b)
}
