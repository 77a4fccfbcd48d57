package invoke_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/runtimes"
)

// codePkg is a zipped code package stored like a blob.
type codePkg struct {
	key, zipPath string
}

// built is the test function, built once by TestMain.
var built codePkg

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lambdaform-fn-")
	if err == nil {
		built, err = buildFunction(dir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "building the test function:", err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// buildFunction builds internal/testfunctions/goecho for linux and zips it as an
// executable "bootstrap", as a provided.al2023 function is deployed.
func buildFunction(dir string) (codePkg, error) {
	bin := filepath.Join(dir, "bootstrap")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/lambdaform/terraform-provider-lambda/internal/testfunctions/goecho")
	cmd.Env = append(os.Environ(), "GOOS=linux", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return codePkg{}, fmt.Errorf("go build: %w\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return codePkg{}, err
	}
	return writeZip(dir, "bootstrap", data, 0o755)
}

func testFunction(testing.TB) codePkg { return built }

// writeZip stores a one-file zip in dir, named by its sha256 like a blob.
func writeZip(dir, name string, data []byte, mode os.FileMode) (codePkg, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: name, Method: zip.Deflate}
	h.SetMode(mode)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return codePkg{}, err
	}
	if _, err := w.Write(data); err != nil {
		return codePkg{}, err
	}
	if err := zw.Close(); err != nil {
		return codePkg{}, err
	}
	sum := sha256.Sum256(buf.Bytes())
	key := hex.EncodeToString(sum[:])
	path := filepath.Join(dir, key+".zip")
	return codePkg{key: key, zipPath: path}, os.WriteFile(path, buf.Bytes(), 0o644)
}

// sink is a LogSink that remembers everything.
type sink struct {
	mu     sync.Mutex
	events map[string][]invoke.LogEvent // group + "|" + stream
}

func (s *sink) Append(group, stream string, events []invoke.LogEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.events == nil {
		s.events = map[string][]invoke.LogEvent{}
	}
	s.events[group+"|"+stream] = append(s.events[group+"|"+stream], events...)
	return nil
}

// messages returns every message of the group, stream by stream.
func (s *sink) messages(group string) (streams []string, msgs []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, evs := range s.events {
		g, stream, _ := strings.Cut(k, "|")
		if g != group {
			continue
		}
		streams = append(streams, stream)
		for _, e := range evs {
			msgs = append(msgs, e.Message)
		}
	}
	return streams, msgs
}

type setup struct {
	m    *invoke.Manager
	logs *sink
	dir  string
}

func newManager(t testing.TB, mutate ...func(*invoke.Config)) *setup {
	t.Helper()
	dir := t.TempDir()
	reg, err := runtimes.New(runtimes.Config{RuntimeDir: filepath.Join(dir, "runtimes")})
	if err != nil {
		t.Fatal(err)
	}
	s := &setup{logs: &sink{}, dir: dir}
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := invoke.Config{Runtimes: reg, WorkDir: filepath.Join(dir, "work"), Logs: s.logs, Logger: quiet}
	for _, f := range mutate {
		f(&cfg)
	}
	s.m, err = invoke.NewManager(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func function(t testing.TB, name string) invoke.Function {
	code := testFunction(t)
	return invoke.Function{
		Name: name, Version: "$LATEST", ARN: "arn:aws:lambda:us-east-1:123456789012:function:" + name,
		Runtime: "provided.al2023", Handler: "bootstrap", MemoryMB: 128, TimeoutSec: 5, EphemeralMB: 512,
		CodeKey: code.key, CodeZipPath: code.zipPath, RevisionID: "rev-1",
		LogGroup: "/aws/lambda/" + name, LogFormat: "Text", Region: "us-east-1", AccountID: "123456789012",
		Env: map[string]string{},
	}
}

func call(t testing.TB, m *invoke.Manager, fn invoke.Function, event any) invoke.Result {
	t.Helper()
	payload, err := json.Marshal(event)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Invoke(context.Background(), fn, invoke.Request{Payload: payload, WantLogTail: true})
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	return res
}

type ev map[string]any

// errorBody decodes an {errorMessage, errorType} payload.
func errorBody(t testing.TB, res invoke.Result) (msg, typ string) {
	t.Helper()
	var e struct{ ErrorMessage, ErrorType string }
	if err := json.Unmarshal(res.Payload, &e); err != nil {
		t.Fatalf("payload %q: %v", res.Payload, err)
	}
	return e.ErrorMessage, e.ErrorType
}

func pidOf(t testing.TB, m *invoke.Manager, fn invoke.Function) int {
	t.Helper()
	res := call(t, m, fn, ev{"action": "pid"})
	var pid int
	if err := json.Unmarshal(res.Payload, &pid); err != nil || pid <= 0 {
		t.Fatalf("pid payload %q (%s): %v", res.Payload, res.FunctionError, err)
	}
	return pid
}

// alive reports whether pid is a live (non-zombie) process.
func alive(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(data, ')')
	return i > 0 && len(data) > i+2 && data[i+2] != 'Z'
}

// waitGone polls until pid has exited; retiring stops environments in
// the background.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d still running", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
