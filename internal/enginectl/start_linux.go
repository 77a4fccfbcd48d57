package enginectl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Start makes sure an engine serving opts.DataDir answers at opts.Addr. If
// none answers, it starts opts.Executable detached (own session, stdin from
// /dev/null, stdout and stderr appended to <data-dir>/engine.log) so it
// outlives the caller, then polls http://Addr/healthz until it answers.
//
// Several processes may call Start at once: each spawns an engine, the data
// directory's lock lets exactly one of them serve and the others exit at
// once, and every caller returns once that one answers. Start returns only
// after its own process has either become the engine or exited, so it
// leaves no stray processes behind.
func Start(ctx context.Context, opts StartOptions) (StartResult, error) {
	res := StartResult{Addr: opts.Addr}
	if opts.Addr == "" || opts.DataDir == "" {
		return res, errors.New("enginectl: Start needs an address and a data directory")
	}
	dir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return res, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return res, fmt.Errorf("data directory: %w", err)
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultStartTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hc := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	if healthy(ctx, hc, opts.Addr) {
		rec, _ := ReadInfo(dir)
		res.PID = rec.PID
		return res, nil
	}

	exe := opts.Executable
	if exe == "" {
		if exe, err = os.Executable(); err != nil {
			return res, fmt.Errorf("finding the executable that bundles the engine: %w", err)
		}
	}
	logPath := filepath.Join(dir, LogFile)
	logf, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return res, err
	}
	args := append([]string{CommandName, "serve", "--addr", opts.Addr, "--data-dir", dir}, opts.ExtraArgs...)
	// Not CommandContext: the engine must outlive ctx and this process.
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logf, logf // stdin stays /dev/null
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	err = cmd.Start()
	logf.Close()
	if err != nil {
		return res, fmt.Errorf("starting %s: %w", exe, err)
	}
	child := cmd.Process.Pid
	// Collect the child if it exits while this process lives; otherwise
	// init adopts it.
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	var childErr error
	childDone, answered := false, false
	err = waitFor(ctx, func() bool {
		if !childDone {
			select {
			case childErr = <-exited:
				childDone = true
			default:
			}
		}
		if answered = healthy(ctx, hc, opts.Addr); answered {
			rec, _ := ReadInfo(dir)
			res.PID, res.Spawned = rec.PID, rec.PID == child
			return childDone || res.Spawned
		}
		// Our process exiting is expected when another engine won the
		// lock: that one answers shortly. With the lock free, ours failed.
		if childDone {
			held, _, _ := lockState(dir)
			return !held
		}
		return false
	})
	switch {
	case err != nil:
		if !childDone {
			if rec, _ := ReadInfo(dir); rec.PID != child {
				_ = cmd.Process.Signal(syscall.SIGTERM) // it has not become the engine
			}
		}
		return res, fmt.Errorf("no Lambdaform engine answered at http://%s/healthz within %s (%w)%s",
			opts.Addr, timeout, err, logTail(logPath))
	case !answered:
		return res, fmt.Errorf("the engine (%s %s) exited before serving: %v%s",
			exe, strings.Join(args, " "), childErr, logTail(logPath))
	}
	return res, nil
}

func healthy(ctx context.Context, hc *http.Client, addr string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/healthz", nil)
	if err != nil {
		return false
	}
	resp, err := hc.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// logTail returns the last lines of the engine log, for error messages.
func logTail(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	const tailBytes = 4 << 10
	if st, err := f.Stat(); err == nil && st.Size() > tailBytes {
		_, _ = f.Seek(st.Size()-tailBytes, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	if len(lines) > 10 {
		lines = lines[len(lines)-10:]
	}
	if len(lines) == 0 || len(lines[0]) == 0 {
		return ""
	}
	return "\nlast lines of " + path + ":\n" + string(bytes.Join(lines, []byte("\n")))
}
