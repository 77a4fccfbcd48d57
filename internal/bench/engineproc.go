package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// engineProc is a `lambdaform serve` child process, so its start-up time
// and memory can be read from outside as a user would see them.
type engineProc struct {
	URL     string
	Startup time.Duration // exec to first healthy /healthz
	cmd     *exec.Cmd
	log     *os.File
}

// healthTimeout bounds how long a child may take to become healthy.
const healthTimeout = 20 * time.Second

// startEngineProc runs bin serve on a free loopback port with dataDir and
// waits until /healthz answers 200.
func startEngineProc(bin, dataDir string) (*engineProc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(dataDir + ".log")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data-dir", dataDir, "--log-level", "warn")
	cmd.Stdout, cmd.Stderr = logf, logf
	// Pdeathsig: the engine (and through it its environments) ends if the
	// bench program dies mid-run.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	p := &engineProc{URL: "http://" + addr, cmd: cmd, log: logf}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	if err := waitHealthy(p.URL, healthTimeout); err != nil {
		p.Stop()
		return nil, fmt.Errorf("%w (engine log: %s)", err, logf.Name())
	}
	p.Startup = time.Since(t0)
	return p, nil
}

// waitHealthy polls /healthz every 200µs: fine enough to time a start-up
// of a few milliseconds, while a refused connection costs next to nothing.
func waitHealthy(base string, limit time.Duration) error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := client.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
	return fmt.Errorf("engine at %s not healthy after %s", base, limit)
}

// PID is the engine process id, for reading its memory from /proc.
func (p *engineProc) PID() int { return p.cmd.Process.Pid }

// Stop asks the engine to shut down (it ends its environments) and kills
// it if it has not exited within the engine's own shutdown bound.
func (p *engineProc) Stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	// The exit status is of no interest: a SIGTERMed or killed engine
	// has nothing more to report.
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	select {
	case <-done:
	case <-ctx.Done():
		_ = p.cmd.Process.Kill()
		<-done
	}
	p.log.Close()
}
