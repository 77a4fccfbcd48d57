package invoke_test

import (
	"encoding/json"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
)

func TestWarmReuse(t *testing.T) {
	s := newManager(t)
	fn := function(t, "warm")
	if a, b := pidOf(t, s.m, fn), pidOf(t, s.m, fn); a != b {
		t.Fatalf("second call ran in a new environment: pid %d then %d", a, b)
	}
}

func TestConcurrentInvokesGetTheirOwnEnvironments(t *testing.T) {
	s := newManager(t)
	fn := function(t, "parallel")
	const n = 4
	// Each invocation waits until all n are running at once, so the test
	// would time out (not pass) if the manager serialised them.
	barrier := t.TempDir()
	pids := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			res := call(t, s.m, fn, ev{"action": "barrier", "text": barrier, "n": n})
			if res.FunctionError != "" || json.Unmarshal(res.Payload, &pids[i]) != nil {
				t.Errorf("invoke %d: %s %q", i, res.FunctionError, res.Payload)
			}
		})
	}
	wg.Wait()
	seen := map[int]bool{}
	for _, p := range pids {
		seen[p] = true
	}
	if len(seen) != n {
		t.Fatalf("pids %v: want %d distinct environments", pids, n)
	}
}

func TestRetireStopsEnvironments(t *testing.T) {
	s := newManager(t)
	fn := function(t, "retire")
	pid := pidOf(t, s.m, fn)
	s.m.Retire(fn.Name)
	waitGone(t, pid)
	if pid2 := pidOf(t, s.m, fn); pid2 == pid {
		t.Fatal("retired environment served again")
	}
}

func TestConfigChangeRetiresOldEnvironments(t *testing.T) {
	s := newManager(t)
	fn := function(t, "update")
	pid := pidOf(t, s.m, fn)
	fn.RevisionID = "rev-2"
	fn.Env["NEW"] = "1"
	res := call(t, s.m, fn, ev{"action": "env"})
	var env map[string]string
	if err := json.Unmarshal(res.Payload, &env); err != nil || env["NEW"] != "1" {
		t.Fatalf("new revision did not get the new configuration: %q", res.Payload)
	}
	waitGone(t, pid)
}

func TestCloseLeavesNoProcess(t *testing.T) {
	s := newManager(t)
	a, b := function(t, "close-a"), function(t, "close-b")
	a.TimeoutSec = 120
	pids := []int{pidOf(t, s.m, a), pidOf(t, s.m, b)}
	// a's environment is busy in a long invocation when Close comes.
	busy := t.TempDir() + "/busy"
	done := make(chan invoke.Result)
	go func() {
		payload, _ := json.Marshal(ev{"action": "hold", "text": busy, "n": 100000})
		res, _ := s.m.Invoke(t.Context(), a, invoke.Request{Payload: payload})
		done <- res
	}()
	waitForFile(t, busy)
	if err := s.m.Close(); err != nil {
		t.Fatal(err)
	}
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("process %d survived Close", pid)
		}
	}
	if res := <-done; res.FunctionError != "Unhandled" {
		t.Errorf("invocation cut short by Close: %s %q, want an Unhandled error", res.FunctionError, res.Payload)
	}
	if left, _ := os.ReadDir(s.dir + "/work/env"); len(left) != 0 {
		t.Errorf("environment directories left after Close: %d", len(left))
	}
	if _, err := s.m.Invoke(t.Context(), a, invoke.Request{}); err != invoke.ErrClosed {
		t.Errorf("Invoke after Close: %v, want ErrClosed", err)
	}
}

// waitForFile waits until the function has created path.
func waitForFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared", path)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestKeepAliveReapsIdleEnvironments(t *testing.T) {
	s := newManager(t, func(c *invoke.Config) { c.KeepAlive = 50 * time.Millisecond })
	fn := function(t, "reap")
	pid := pidOf(t, s.m, fn)
	waitGone(t, pid)
}

func TestEphemeralStorageOverflowRetiresEnvironment(t *testing.T) {
	s := newManager(t)
	fn := function(t, "tmp")
	fn.EphemeralMB = 1
	pid := pidOf(t, s.m, fn)
	if res := call(t, s.m, fn, ev{"action": "tmp", "n": 2}); res.FunctionError != "" {
		t.Fatalf("%s %q", res.FunctionError, res.Payload)
	}
	if pid2 := pidOf(t, s.m, fn); pid2 == pid {
		t.Fatal("environment over its ephemeral storage served again")
	}
}
