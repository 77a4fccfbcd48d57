package enginectl_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
)

// The tests re-execute this test binary: as the bundled engine (`engine
// serve …`, which is what Start runs by default), or as a process that only
// waits for its stdin to close.
func TestMain(m *testing.M) {
	switch {
	case enginectl.IsCommand(os.Args[1:]):
		os.Exit(enginectl.Main(os.Args[2:]))
	case len(os.Args) > 1 && os.Args[1] == "wait-for-stdin":
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	case len(os.Args) == 4 && os.Args[1] == "start-and-exit":
		// A short-lived starter, as a tofu command's provider process is.
		res, err := enginectl.Start(context.Background(), enginectl.StartOptions{Addr: os.Args[2], DataDir: os.Args[3]})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(res.PID)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// bound is a generous limit on waits that normally end in milliseconds; it
// only keeps a broken test from hanging.
const bound = 60 * time.Second

func testExecutable(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

// TestServeLockIsExclusive: a second engine process on a data directory
// another engine serves exits at once, naming that engine.
func TestServeLockIsExclusive(t *testing.T) {
	dir := t.TempDir()
	exe := testExecutable(t)
	var log1 bytes.Buffer
	first := exec.Command(exe, "engine", "serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--log-level", "warn")
	first.Stderr = &log1
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	var exitErr1 error
	exited := make(chan struct{})
	go func() { exitErr1 = first.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = first.Process.Kill() // if still running
		<-exited
	})

	info := waitForRecord(t, dir, first.Process.Pid, exited, &log1)

	second := exec.Command(exe, "engine", "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
	out, err := second.CombinedOutput()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 {
		t.Fatalf("second engine: err %v, want exit status 1; output:\n%s", err, out)
	}
	want := fmt.Sprintf("another engine (pid %d) is serving this data directory (%s) at %s", first.Process.Pid, dir, info.Addr)
	if !strings.Contains(string(out), want) {
		t.Fatalf("second engine said:\n%s\nwant it to contain %q", out, want)
	}
	// The loser must not have touched the winner's record.
	if got, err := enginectl.ReadInfo(dir); err != nil || got != info {
		t.Fatalf("record after the second engine: %+v, %v; want %+v", got, err, info)
	}

	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	res, err := enginectl.Stop(ctx, dir)
	if err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if !res.Stopped || res.PID != first.Process.Pid || res.Addr != info.Addr {
		t.Fatalf("Stop = %+v, want the first engine (pid %d at %s) stopped", res, first.Process.Pid, info.Addr)
	}
	<-exited
	if err := exitErr1; err != nil {
		t.Fatalf("first engine exited with %v after SIGTERM, want 0; its log:\n%s", err, log1.String())
	}
	for _, name := range []string{enginectl.InfoFile, enginectl.PIDFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s after a clean stop: %v, want it removed", name, err)
		}
	}
}

// TestStopStaleRecordKillsNothing: a record naming a live process that does
// not hold the lock (the engine died, the pid was reused) is removed and the
// process is left alone.
func TestStopStaleRecordKillsNothing(t *testing.T) {
	dir := t.TempDir()
	bystander := exec.Command(testExecutable(t), "wait-for-stdin")
	stdin, err := bystander.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := bystander.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		_ = bystander.Wait()
	})
	pid := bystander.Process.Pid
	rec := fmt.Sprintf(`{"pid":%d,"addr":"127.0.0.1:9","started":"2024-01-01T00:00:00Z"}`, pid)
	if err := os.WriteFile(filepath.Join(dir, enginectl.InfoFile), []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, enginectl.PIDFile), []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	res, err := enginectl.Stop(context.Background(), dir)
	if err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if res.Stopped || res.PID != pid {
		t.Fatalf("Stop = %+v, want nothing stopped and the stale pid %d reported", res, pid)
	}
	if !strings.Contains(res.String(), "stale") {
		t.Errorf("Stop reported %q", res)
	}
	if state := procState(pid); state == "" || state == "Z" {
		t.Fatalf("the bystander (pid %d) is gone (state %q): Stop signalled it", pid, state)
	}
	for _, name := range []string{enginectl.InfoFile, enginectl.PIDFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("stale %s: %v, want it removed", name, err)
		}
	}

	// And with no record at all, nothing to do.
	res, err = enginectl.Stop(context.Background(), t.TempDir())
	if err != nil || res.Stopped || res.PID != 0 || !strings.HasPrefix(res.String(), "no engine is serving") {
		t.Fatalf("Stop on an empty directory = %+v (%q), %v", res, res, err)
	}
}

// TestStartConcurrently: several callers starting the engine for one data
// directory at once all get the same, single engine.
func TestStartConcurrently(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	t.Cleanup(func() { stopAndCheck(t, dir) })

	const callers = 4
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	results := make([]enginectl.StartResult, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			results[i], errs[i] = enginectl.Start(ctx, enginectl.StartOptions{
				Addr: addr, DataDir: dir, ExtraArgs: []string{"--log-level", "warn"},
			})
		})
	}
	wg.Wait()
	spawned := 0
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Start %d: %v", i, err)
		}
		if results[i].PID <= 0 || results[i].PID != results[0].PID || results[i].Addr != addr {
			t.Fatalf("Start results disagree: %+v", results)
		}
		if results[i].Spawned {
			spawned++
		}
	}
	if spawned != 1 {
		t.Fatalf("%d callers report their process became the engine, want 1: %+v", spawned, results)
	}
	pid := results[0].PID
	if got := processesNaming(t, dir); !slices.Equal(got, []int{pid}) {
		t.Fatalf("processes running for %s: %v, want only the engine %d", dir, got, pid)
	}
	if pid == os.Getpid() {
		t.Fatal("the engine runs in the test process, not detached")
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %s", resp.Status)
	}
	// A later Start finds it running and spawns nothing.
	again, err := enginectl.Start(ctx, enginectl.StartOptions{Addr: addr, DataDir: dir})
	if err != nil || again.PID != pid || again.Spawned {
		t.Fatalf("Start with the engine running = %+v, %v", again, err)
	}
}

// TestStartedEngineOutlivesStarter: the engine keeps serving after the
// process that started it has exited, and holds none of its output open
// (CombinedOutput would not return otherwise).
func TestStartedEngineOutlivesStarter(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	t.Cleanup(func() { stopAndCheck(t, dir) })
	starter := exec.Command(testExecutable(t), "start-and-exit", addr, dir)
	out, err := starter.CombinedOutput()
	if err != nil {
		t.Fatalf("starter: %v\n%s", err, out)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("starter printed %q", out)
	}
	if got := processesNaming(t, dir); !slices.Equal(got, []int{pid}) {
		t.Fatalf("processes running for %s after the starter exited: %v, want the engine %d", dir, got, pid)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("the engine stopped with its starter: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %s", resp.Status)
	}
	// Its own session (field 6 of /proc/<pid>/stat), so a terminal's
	// Ctrl-C to tofu does not reach it.
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(fields) < 4 || fields[3] != strconv.Itoa(pid) {
		t.Errorf("engine %d is in session %v, want its own", pid, fields[3:4])
	}
}

// TestStartReportsFailure: an engine that cannot serve (the port is taken by
// something that is not an engine) makes Start fail with the engine's own
// error, not a timeout, and leaves no process behind.
func TestStartReportsFailure(t *testing.T) {
	squatter := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer squatter.Close()
	dir := t.TempDir()
	_, err := enginectl.Start(context.Background(), enginectl.StartOptions{
		Addr: strings.TrimPrefix(squatter.URL, "http://"), DataDir: dir, Timeout: bound,
	})
	if err == nil || !strings.Contains(err.Error(), "exited before serving") || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("Start on a taken port: %v", err)
	}
	if got := processesNaming(t, dir); len(got) > 0 {
		t.Fatalf("processes left running for %s: %v", dir, got)
	}
}

func TestBusyErrorMessage(t *testing.T) {
	tests := []struct {
		err  enginectl.BusyError
		want string
	}{
		{enginectl.BusyError{DataDir: "/d", PID: 7, Addr: "127.0.0.1:9001"},
			"another engine (pid 7) is serving this data directory (/d) at 127.0.0.1:9001; stop it with `lambdaform stop --data-dir /d`"},
		{enginectl.BusyError{DataDir: "/d", PID: 7},
			"another engine (pid 7) is serving this data directory (/d) (its address is not recorded yet: it is starting)"},
		{enginectl.BusyError{DataDir: "/d"}, "another engine is serving this data directory (/d)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%+v: %q, want prefix %q", tt.err, got, tt.want)
		}
	}
}

func TestIsCommand(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want bool
	}{{nil, false}, {[]string{"-debug"}, false}, {[]string{"engine", "serve"}, true}, {[]string{"serve"}, false}} {
		if got := enginectl.IsCommand(tt.args); got != tt.want {
			t.Errorf("IsCommand(%q) = %v", tt.args, got)
		}
	}
}

// stopAndCheck stops the engine serving dir and checks no process is left.
func stopAndCheck(t *testing.T, dir string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	if res, err := enginectl.Stop(ctx, dir); err != nil || !res.Stopped {
		t.Errorf("Stop = %+v, %v; want the engine stopped", res, err)
	}
	if got := processesNaming(t, dir); len(got) > 0 {
		t.Errorf("processes still running for %s after Stop: %v", dir, got)
	}
}

func waitForRecord(t *testing.T, dir string, pid int, exited <-chan struct{}, log fmt.Stringer) enginectl.Info {
	t.Helper()
	deadline := time.Now().Add(bound)
	for delay := time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		if info, err := enginectl.ReadInfo(dir); err == nil && info.PID == pid {
			return info
		}
		select {
		case <-exited:
			t.Fatalf("engine exited before recording itself; its log:\n%s", log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("engine %d did not record itself in %s", pid, dir)
		}
		time.Sleep(delay) // polling for start-up, not asserting on time
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// processesNaming lists the live (not zombie) processes whose command line
// mentions dir, from /proc.
func processesNaming(t *testing.T, dir string) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !bytes.Contains(cmdline, []byte(dir)) {
			continue
		}
		if s := procState(pid); s != "" && s != "Z" {
			pids = append(pids, pid)
		}
	}
	return pids
}

// procState is the state letter in /proc/<pid>/stat, "" when pid is gone.
func procState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return ""
	}
	return string(b[i+2])
}
