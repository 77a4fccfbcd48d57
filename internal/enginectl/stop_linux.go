package enginectl

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Stop ends the engine serving dataDir: SIGTERM, then it waits until the
// process has exited (bounded by ctx, or DefaultStopTimeout without a
// deadline). Only the process holding the data directory's lock is
// signalled; a record left by an engine that died is removed, and the pid it
// names is left alone.
func Stop(ctx context.Context, dataDir string) (StopResult, error) {
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return StopResult{}, err
	}
	res := StopResult{DataDir: dir}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultStopTimeout)
		defer cancel()
	}
	rec, err := readRecord(dir)
	if err != nil {
		return res, err
	}
	held, holder, err := lockState(dir)
	if err != nil {
		return res, err
	}
	if !held {
		if rec.PID > 0 {
			res.PID = rec.PID
			return res, removeInfo(dir)
		}
		return res, nil
	}
	pid := holder
	if pid == 0 { // no /proc/locks: the holder's own record names it
		pid = rec.PID
	}
	switch {
	case pid == 0:
		return res, fmt.Errorf("an engine holds %s but neither /proc/locks nor %s names its pid",
			filepath.Join(dir, LockFile), InfoFile)
	case pid == os.Getpid():
		return res, fmt.Errorf("the engine serving %s runs in this process; cancel its context instead", dir)
	}
	res.PID = pid
	if rec.PID == pid {
		res.Addr = rec.Addr
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return res, fmt.Errorf("signalling the engine (pid %d): %w", pid, err)
	}
	if err := waitFor(ctx, func() bool { return stoppedServing(dir, pid) }); err != nil {
		return res, fmt.Errorf("the engine (pid %d) serving %s has not exited after SIGTERM (its log: %s): %w",
			pid, dir, filepath.Join(dir, LogFile), err)
	}
	res.Stopped = true
	return res, nil
}

// stoppedServing: pid has exited and no longer holds dir's lock.
func stoppedServing(dir string, pid int) bool {
	if !processGone(pid) {
		return false
	}
	held, holder, err := lockState(dir)
	return err == nil && (!held || (holder != 0 && holder != pid))
}

// readRecord reads engine.json, falling back to engine.pid (for example
// when only the pid file survived); a directory without either gives a
// zero Info.
func readRecord(dir string) (Info, error) {
	info, err := ReadInfo(dir)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return info, err
	}
	b, err := os.ReadFile(filepath.Join(dir, PIDFile))
	if errors.Is(err, fs.ErrNotExist) {
		return Info{}, nil
	}
	if err != nil {
		return Info{}, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return Info{}, fmt.Errorf("reading %s: %w", filepath.Join(dir, PIDFile), err)
	}
	return Info{PID: pid}, nil
}

// waitFor polls done, from a millisecond apart up to 100ms apart, until it
// holds or ctx ends.
func waitFor(ctx context.Context, done func() bool) error {
	delay := time.Millisecond
	for !done() {
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		delay = min(2*delay, 100*time.Millisecond)
	}
	return nil
}
