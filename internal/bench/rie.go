package bench

import (
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// rieProc is the AWS Runtime Interface Emulator running one bootstrap.
// Flags are from RIE's internal/lambda/rie/run.go: --runtime-api-address
// (the Runtime API its bootstrap talks to) and
// --runtime-interface-emulator-address (where it accepts
// POST /2015-03-31/functions/function/invocations; default 0.0.0.0:8080).
// Both are pinned to loopback. RIE writes START/END/REPORT lines and the
// function's output to its stdout, which goes to /dev/null here.
type rieProc struct {
	URL    string
	cmd    *exec.Cmd
	exited chan struct{} // closed when the RIE process has exited
}

func startRIE(bin, bootstrap string) (*rieProc, error) {
	apiAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	rieAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--log-level", "error",
		"--runtime-api-address", apiAddr, "--runtime-interface-emulator-address", rieAddr, bootstrap)
	cmd.Dir = filepath.Dir(bootstrap)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	r := &rieProc{URL: "http://" + rieAddr, cmd: cmd, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(r.exited) }()
	if err := waitListening(rieAddr, 10*time.Second); err != nil {
		r.Stop()
		return nil, err
	}
	return r, nil
}

// waitListening waits until addr accepts TCP connections: RIE has no
// health endpoint, and its first invocation starts the bootstrap.
func waitListening(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			return c.Close()
		}
		time.Sleep(time.Millisecond)
	}
	return fmt.Errorf("nothing listening on %s after %s", addr, limit)
}

// Stop kills RIE's whole process group: RIE has no graceful shutdown and
// its bootstrap child must not outlive it.
func (r *rieProc) Stop() {
	_ = syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
	<-r.exited
}

// Alive reports whether RIE is still running.
func (r *rieProc) Alive() bool {
	select {
	case <-r.exited:
		return false
	default:
		return true
	}
}
