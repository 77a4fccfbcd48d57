package sandbox

import (
	"bytes"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// watchdogEvery is how often the RSS watchdog samples. A burst of
// allocation between samples can overshoot the limit briefly; that is the
// price of having no cgroup.
const watchdogEvery = 5 * time.Millisecond

// watchdog enforces a limit by summing the resident memory of every
// process in the group from /proc and killing the group past the limit.
type watchdog struct {
	limit int64
	pgid  int
	peak  atomic.Int64
	oom   atomic.Bool
	stop  chan struct{}
	once  sync.Once
	done  chan struct{}
}

func newWatchdog(limit int64) *watchdog {
	return &watchdog{limit: limit, stop: make(chan struct{}), done: make(chan struct{})}
}

func (w *watchdog) prepare(*syscall.SysProcAttr) error { return nil }
func (w *watchdog) started()                           {}

func (w *watchdog) join(pid int) error {
	w.pgid = pid
	go w.loop()
	return nil
}

func (w *watchdog) loop() {
	defer close(w.done)
	t := time.NewTicker(watchdogEvery)
	defer t.Stop()
	page := int64(os.Getpagesize())
	for {
		rss := groupRSSPages(w.pgid) * page
		if rss > w.peak.Load() {
			w.peak.Store(rss)
		}
		if w.limit > 0 && rss > w.limit {
			w.oom.Store(true)
			_ = syscall.Kill(-w.pgid, syscall.SIGKILL)
		}
		select {
		case <-w.stop:
			return
		case <-t.C:
		}
	}
}

func (w *watchdog) peakBytes() int64 { return w.peak.Load() }
func (w *watchdog) oomKilled() bool  { return w.oom.Load() }

func (w *watchdog) killAll() {
	if w.pgid > 0 {
		_ = syscall.Kill(-w.pgid, syscall.SIGKILL)
	}
}

func (w *watchdog) close() error {
	w.once.Do(func() {
		close(w.stop)
		if w.pgid > 0 {
			<-w.done
		}
	})
	return nil
}

// groupRSSPages sums field 24 (rss, pages) of /proc/<pid>/stat over the
// processes whose field 5 (pgrp) is pgid.
func groupRSSPages(pgid int) int64 {
	d, err := os.Open("/proc")
	if err != nil {
		return 0
	}
	names, _ := d.Readdirnames(-1)
	_ = d.Close()
	var sum int64
	buf := make([]byte, 1024)
	for _, n := range names {
		if n[0] < '0' || n[0] > '9' {
			continue
		}
		if pg, rss, ok := statPgrpRSS("/proc/"+n+"/stat", buf); ok && pg == pgid {
			sum += rss
		}
	}
	return sum
}

func statPgrpRSS(path string, buf []byte) (pgrp int, rss int64, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, false
	}
	n, _ := f.Read(buf)
	_ = f.Close()
	return parseStat(buf[:n])
}

// parseStat reads pgrp and rss from a /proc/<pid>/stat line. The command
// name may contain spaces and parentheses, so fields count from the last ')'.
func parseStat(b []byte) (pgrp int, rss int64, ok bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 22 { // f[0] is field 3 (state), so field N is f[N-3]
		return 0, 0, false
	}
	pg, err1 := strconv.Atoi(string(f[2]))
	r, err2 := strconv.ParseInt(string(f[21]), 10, 64)
	return pg, r, err1 == nil && err2 == nil
}
