package bench

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/sandbox"
)

// runtimeFloor is the least any Lambda emulator has to do to run an
// aws-lambda-go bootstrap: accept an Invoke over HTTP, hand the event to an
// idle bootstrap through the Runtime API (its GET next and POST response
// over loopback HTTP) and return the answer. It keeps no state, writes no
// logs or metrics and enforces no limit, so the engine's figures divided by
// its figures are the engine's own overhead, and the targets that lie below
// it cannot be met by any design that runs the stock runtime client on this
// machine. Bootstraps start on demand, each on the least used CPU, and are
// reused most recently used first, as the engine does.
type runtimeFloor struct {
	URL       string
	bootstrap string
	srv       *http.Server
	cpus      *sandbox.CPUs

	mu     sync.Mutex
	idle   []*floorEnv
	all    []*floorEnv
	closed bool
}

// floorEnv is one bootstrap process and the Runtime API it polls.
type floorEnv struct {
	srv     *http.Server
	cmd     *exec.Cmd
	cpus    []int
	events  chan []byte
	answers chan floorAnswer
	exited  chan struct{}
}

type floorAnswer struct {
	body []byte
	err  bool
}

func startRuntimeFloor(bootstrap string) (*runtimeFloor, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	cpus, err := sandbox.DetectCPUs()
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	f := &runtimeFloor{URL: "http://" + ln.Addr().String(), bootstrap: bootstrap, cpus: cpus}
	f.srv = &http.Server{Handler: http.HandlerFunc(f.invoke), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = f.srv.Serve(ln) }()
	return f, nil
}

// invoke serves any path as an Invoke of the one function.
func (f *runtimeFloor) invoke(w http.ResponseWriter, r *http.Request) {
	event, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	e, err := f.take()
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	ans, err := e.call(event)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	f.put(e)
	w.Header().Set("Content-Type", "application/json")
	if ans.err {
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
	}
	_, _ = w.Write(ans.body)
}

// take pops the most recently used idle environment or starts one.
func (f *runtimeFloor) take() (*floorEnv, error) {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return nil, errors.New("runtime floor stopped")
	}
	if n := len(f.idle); n > 0 {
		e := f.idle[n-1]
		f.idle = f.idle[:n-1]
		f.mu.Unlock()
		return e, nil
	}
	f.mu.Unlock()
	e, err := startFloorEnv(f.bootstrap, f.cpus.Acquire(1))
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.all = append(f.all, e)
	f.mu.Unlock()
	return e, nil
}

func (f *runtimeFloor) put(e *floorEnv) {
	f.mu.Lock()
	f.idle = append(f.idle, e)
	f.mu.Unlock()
}

// Stop ends the front end and every bootstrap.
func (f *runtimeFloor) Stop() {
	_ = f.srv.Close()
	f.mu.Lock()
	f.closed = true
	all := f.all
	f.mu.Unlock()
	for _, e := range all {
		e.stop()
		f.cpus.Release(e.cpus)
	}
}

func startFloorEnv(bootstrap string, cpus []int) (*floorEnv, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	e := &floorEnv{cpus: cpus, events: make(chan []byte), answers: make(chan floorAnswer, 1), exited: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", e.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", e.answer(false))
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", e.answer(true))
	e.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = e.srv.Serve(ln) }()
	e.cmd = exec.Command(bootstrap)
	e.cmd.Dir = filepath.Dir(bootstrap)
	e.cmd.Env = []string{"AWS_LAMBDA_RUNTIME_API=" + ln.Addr().String(), "PATH=" + os.Getenv("PATH")}
	e.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := sandbox.StartOn(e.cmd, cpus); err != nil {
		_ = e.srv.Close()
		return nil, fmt.Errorf("start %s: %w", bootstrap, err)
	}
	go func() { _ = e.cmd.Wait(); close(e.exited) }()
	return e, nil
}

var floorSeq struct {
	sync.Mutex
	n int
}

// next hands the runtime the next event with the headers aws-lambda-go
// requires.
func (e *floorEnv) next(w http.ResponseWriter, r *http.Request) {
	var event []byte
	select {
	case event = <-e.events:
	case <-r.Context().Done():
		return
	}
	floorSeq.Lock()
	floorSeq.n++
	id := strconv.Itoa(floorSeq.n)
	floorSeq.Unlock()
	h := w.Header()
	h.Set("Lambda-Runtime-Aws-Request-Id", id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(requestTimeout).UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:floor")
	h.Set("Content-Type", "application/json")
	_, _ = w.Write(event)
}

func (e *floorEnv) answer(isErr bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusAccepted)
		e.answers <- floorAnswer{body: body, err: isErr}
	}
}

// call runs one event; an environment whose bootstrap died is not reused.
func (e *floorEnv) call(event []byte) (floorAnswer, error) {
	timeout := time.NewTimer(requestTimeout)
	defer timeout.Stop()
	select {
	case e.events <- event:
	case <-e.exited:
		return floorAnswer{}, errors.New("bootstrap exited")
	case <-timeout.C:
		return floorAnswer{}, errors.New("bootstrap did not ask for the event")
	}
	select {
	case a := <-e.answers:
		return a, nil
	case <-e.exited:
		return floorAnswer{}, errors.New("bootstrap exited")
	case <-timeout.C:
		return floorAnswer{}, errors.New("bootstrap did not answer")
	}
}

func (e *floorEnv) stop() {
	_ = e.cmd.Process.Kill()
	<-e.exited
	_ = e.srv.Close()
}

// ServeRuntimeFloor runs the floor for bootstrap in this process, writes
// its URL as one line to out and serves until in reaches its end: the
// bench program closes the pipe, or dies, to end it.
func ServeRuntimeFloor(bootstrap string, in io.Reader, out io.Writer) error {
	f, err := startRuntimeFloor(bootstrap)
	if err != nil {
		return err
	}
	defer f.Stop()
	if _, err := fmt.Fprintln(out, f.URL); err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, in)
	return err
}

// floorProc is the floor in a child process (see ServeRuntimeFloor).
type floorProc struct {
	URL   string
	cmd   *exec.Cmd
	stdin io.Closer
}

func startFloorProc(command []string, bootstrap string) (*floorProc, error) {
	cmd := exec.Command(command[0], append(command[1:], bootstrap)...)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start runtime floor: %w", err)
	}
	p := &floorProc{cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		p.Stop()
		return nil, fmt.Errorf("runtime floor did not report its URL: %w", err)
	}
	p.URL = strings.TrimSpace(line)
	return p, nil
}

// Stop closes the child's input, which ends it and its bootstraps.
func (p *floorProc) Stop() {
	_ = p.stdin.Close()
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}
