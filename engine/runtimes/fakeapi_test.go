package runtimes

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// invocation is one event the fake Runtime API hands out on /next.
type invocation struct {
	id      string
	payload string
	headers map[string]string
}

// outcome is what the bootstrap posted back.
type outcome struct {
	kind   string // "response", "error" or "init"
	id     string
	body   string
	header http.Header
}

// fakeAPI implements the runtime endpoints of the Lambda Runtime API and
// records what arrives, so a test can drive a real bootstrap process.
type fakeAPI struct {
	srv      *httptest.Server
	events   chan invocation
	outcomes chan outcome
	nexts    chan time.Time // arrival of each GET /next
}

func newFakeAPI(t testing.TB) *fakeAPI {
	f := &fakeAPI{
		events:   make(chan invocation, 8),
		outcomes: make(chan outcome, 8),
		nexts:    make(chan time.Time, 64),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", f.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", f.record("response"))
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", f.record("error"))
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", f.record("init"))
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) addr() string { return strings.TrimPrefix(f.srv.URL, "http://") }

func (f *fakeAPI) next(w http.ResponseWriter, r *http.Request) {
	select {
	case f.nexts <- time.Now():
	default:
	}
	select {
	case <-r.Context().Done():
		return
	case ev := <-f.events:
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", ev.id)
		h.Set("Lambda-Runtime-Deadline-Ms", "4102444800000") // 2100-01-01
		h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:fn")
		h.Set("Content-Type", "application/json")
		for k, v := range ev.headers {
			h.Set(k, v)
		}
		_, _ = io.WriteString(w, ev.payload)
	}
}

func (f *fakeAPI) record(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.outcomes <- outcome{kind: kind, id: r.PathValue("id"), body: string(body), header: r.Header.Clone()}
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"status":"OK"}`)
	}
}

// sandbox is one bootstrap process attached to a fake Runtime API.
type sandbox struct {
	t      testing.TB
	api    *fakeAPI
	cmd    *exec.Cmd
	out    bytes.Buffer // stdout and stderr; read only after stop
	exited chan struct{}
	mu     sync.Mutex
	err    error
	began  time.Time // just before the process started
}

// start writes files into a fresh task root and launches runtime's
// bootstrap through the registry, with the environment the engine sets.
func start(t testing.TB, reg *Registry, runtime, handler string, files map[string]string, env ...string) *sandbox {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	l, err := reg.Launch(runtime, root)
	if err != nil {
		t.Fatal(err)
	}
	s := &sandbox{t: t, api: newFakeAPI(t), exited: make(chan struct{})}
	s.cmd = exec.CommandContext(context.Background(), l.Command[0], l.Command[1:]...)
	s.cmd.Dir = root
	s.cmd.Env = append(baseEnv(s.api.addr(), runtime, handler, root, reg), append(l.Env, env...)...)
	s.cmd.Stdout, s.cmd.Stderr = &s.out, &s.out
	s.began = time.Now()
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := s.cmd.Wait()
		s.mu.Lock()
		s.err = err
		s.mu.Unlock()
		close(s.exited)
	}()
	t.Cleanup(func() { s.stop() })
	return s
}

func baseEnv(api, runtime, handler, root string, reg *Registry) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"AWS_LAMBDA_RUNTIME_API=" + api,
		"_HANDLER=" + handler,
		"LAMBDA_TASK_ROOT=" + root,
		"AWS_EXECUTION_ENV=" + reg.ExecutionEnv(runtime),
		"AWS_LAMBDA_FUNCTION_NAME=fn",
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256",
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/fn",
		"AWS_LAMBDA_LOG_STREAM_NAME=2026/01/01/[$LATEST]abc",
		"AWS_REGION=us-east-1",
		"TZ=:UTC",
	}
}

// invoke hands the bootstrap one event and returns what it posted. If the
// process exits first, the test fails with its output.
func (s *sandbox) invoke(ev invocation) outcome {
	s.t.Helper()
	s.api.events <- ev
	return s.await()
}

// await returns the next posted outcome, or fails if the process exits.
func (s *sandbox) await() outcome {
	s.t.Helper()
	select {
	case o := <-s.api.outcomes:
		return o
	case <-s.exited:
		select { // it may have posted just before exiting
		case o := <-s.api.outcomes:
			return o
		default:
		}
		s.t.Fatalf("bootstrap exited (%v) without posting; output:\n%s", s.exitErr(), s.out.String())
		return outcome{}
	}
}

func (s *sandbox) exitErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// stop kills the process and returns everything it wrote.
func (s *sandbox) stop() string {
	_ = s.cmd.Process.Kill()
	<-s.exited
	return s.out.String()
}

// wait waits for the process to exit by itself and returns its error.
func (s *sandbox) wait() error {
	<-s.exited
	return s.exitErr()
}

func newTestRegistry(t testing.TB) *Registry {
	t.Helper()
	reg, err := New(Config{RuntimeDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func requireRuntime(t testing.TB, reg *Registry, runtime string) {
	t.Helper()
	if err := reg.Unsupported(runtime); err != nil {
		t.Skipf("skipping: %v", err)
	}
}

func reqID(i int) string { return fmt.Sprintf("8476a536-e9f4-11e8-9739-2dfe598c%04d", i) }
