package sandbox

import (
	"errors"
	"fmt"
	"os/exec"
	"syscall"
	"time"
)

// Spec describes one process group to start.
type Spec struct {
	Name        string   // unique per environment; names its cgroup
	Command     []string // argv; Command[0] is executed as given
	Env         []string // the complete environment; nothing is inherited
	Dir         string   // working directory
	MemoryBytes int64    // limit for the whole group; 0 means none
	CPUs        []int    // CPUs the group runs on (see CPUs.Acquire); empty means any
}

// Exit describes how the group's leader ended.
type Exit struct {
	Err error // from Wait: nil, or an *exec.ExitError describing status or signal
	// OOM is true when the memory limit killed the group.
	OOM bool
}

// Process is a started process group.
type Process struct {
	cmd     *exec.Cmd
	mem     limiter
	Started time.Time
	exited  chan struct{}
	exit    Exit
}

// StartError reports that the command could not be executed at all (not
// found, not executable, bad format), which Lambda calls an invalid
// entrypoint, as opposed to a failure to set the sandbox up.
type StartError struct{ Err error }

func (e *StartError) Error() string { return e.Err.Error() }
func (e *StartError) Unwrap() error { return e.Err }

// Start launches spec with stdout and stderr both writing to out and no
// standard input, as on AWS.
func Start(spec Spec, mem *Memory, out *Output) (*Process, error) {
	if len(spec.Command) == 0 {
		return nil, errors.New("sandbox: empty command")
	}
	lim, err := mem.newLimiter(spec.Name, spec.MemoryBytes)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(spec.Command[0], spec.Command[1:]...)
	cmd.Env, cmd.Dir = spec.Env, spec.Dir
	// Passing the *os.File itself (not a wrapper) makes the child write
	// straight into the pipe, with no copying goroutine in the engine.
	cmd.Stdout, cmd.Stderr = out.w, out.w
	// Setpgid lets us signal every process the runtime starts; Pdeathsig
	// kills the leader if the engine dies without cleaning up.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := lim.prepare(cmd.SysProcAttr); err != nil {
		return nil, errors.Join(err, lim.close())
	}
	p := &Process{cmd: cmd, mem: lim, exited: make(chan struct{})}
	p.Started = time.Now()
	if err := StartOn(cmd, spec.CPUs); err != nil {
		return nil, errors.Join(&StartError{Err: err}, lim.close())
	}
	lim.started()
	if err := lim.join(cmd.Process.Pid); err != nil {
		p.kill()
		<-p.waitExit()
		return nil, errors.Join(err, lim.close())
	}
	go p.wait()
	return p, nil
}

func (p *Process) waitExit() <-chan struct{} {
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	return done
}

func (p *Process) wait() {
	err := p.cmd.Wait()
	p.exit = Exit{Err: err, OOM: err != nil && p.mem.oomKilled()}
	close(p.exited)
}

// Pid is the group leader's pid, which is also the process group id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Exited is closed when the group leader has exited; Exit is then valid.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Exit returns how the leader ended. Only valid after Exited is closed.
func (p *Process) Exit() Exit { return p.exit }

// PeakMemoryBytes is the most memory the group has used so far.
func (p *Process) PeakMemoryBytes() int64 { return p.mem.peakBytes() }

// KillNow SIGKILLs the whole group (used at a timeout, where AWS gives no
// grace either). It does not wait.
func (p *Process) KillNow() { p.kill() }

func (p *Process) kill() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	p.mem.killAll()
}

// Stop ends the group: SIGTERM, then SIGKILL after grace, then waits for
// the leader and removes the memory controller's state. Processes that left
// the group but stayed in the cgroup are killed too.
func (p *Process) Stop(grace time.Duration) error {
	select {
	case <-p.exited:
	default:
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
		t := time.NewTimer(grace)
		select {
		case <-p.exited:
		case <-t.C:
		}
		t.Stop()
	}
	p.kill() // stragglers in the group even if the leader is gone
	<-p.exited
	if err := p.mem.close(); err != nil {
		return fmt.Errorf("sandbox: stop %d: %w", p.Pid(), err)
	}
	return nil
}

// IsStartError reports whether err means the command could not be executed.
func IsStartError(err error) bool {
	var se *StartError
	return errors.As(err, &se)
}
