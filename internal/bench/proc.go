package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// rssKB returns VmRSS of pid from /proc/PID/status, in KiB.
func rssKB(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("pid %d: no VmRSS (a zombie?)", pid)
}

// descendants lists every process below pid. Execution environments are
// the engine's children (each leading its own process group), and a
// runtime may start more processes, so the whole tree is walked.
func descendants(pid int) []int {
	children := map[int][]int{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, s := range stats {
		p, pp, ok := parentOf(s)
		if ok {
			children[pp] = append(children[pp], p)
		}
	}
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		out = append(out, children[p]...)
		queue = append(queue, children[p]...)
	}
	return out
}

// parentOf parses pid and ppid from a /proc/PID/stat file; the command
// name in parentheses may contain spaces, so fields are read after ')'.
func parentOf(statPath string) (pid, ppid int, ok bool) {
	data, err := os.ReadFile(statPath)
	if err != nil {
		return 0, 0, false
	}
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, 0, false
	}
	fields := strings.Fields(string(data[i+1:]))
	pid, err1 := strconv.Atoi(strings.Fields(string(data[:i]))[0])
	if len(fields) < 2 || err1 != nil {
		return 0, 0, false
	}
	ppid, err = strconv.Atoi(fields[1])
	return pid, ppid, err == nil
}

// treeRSSKB sums the RSS of pids, skipping any that exited meanwhile.
func treeRSSKB(pids []int) int64 {
	var sum int64
	for _, p := range pids {
		if kb, err := rssKB(p); err == nil {
			sum += kb
		}
	}
	return sum
}

// freeAddr returns a loopback address with a port free right now, for
// programs that must be told their listen address up front.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	return addr, ln.Close()
}
