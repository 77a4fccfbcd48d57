package invoke_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
)

func TestEchoColdThenWarm(t *testing.T) {
	s := newManager(t)
	fn := function(t, "echo")
	res := call(t, s.m, fn, ev{"action": "echo", "text": "hello"})
	if res.FunctionError != "" || !strings.Contains(string(res.Payload), `"text":"hello"`) {
		t.Fatalf("result = %s %q", res.FunctionError, res.Payload)
	}
	if res.InitDuration <= 0 {
		t.Errorf("cold start InitDuration = %v, want > 0", res.InitDuration)
	}
	if res.MaxMemoryUsedMB <= 0 {
		t.Errorf("MaxMemoryUsedMB = %d, want > 0", res.MaxMemoryUsedMB)
	}
	res = call(t, s.m, fn, ev{"action": "echo", "text": "again"})
	if res.InitDuration != 0 || !strings.Contains(string(res.Payload), "again") {
		t.Fatalf("warm result: init %v, payload %q", res.InitDuration, res.Payload)
	}
}

func TestFunctionErrorIsUnhandled(t *testing.T) {
	s := newManager(t)
	res := call(t, s.m, function(t, "err"), ev{"action": "error", "text": "x"})
	msg, typ := errorBody(t, res)
	if res.FunctionError != "Unhandled" || msg != "boom: x" || typ != "errorString" {
		t.Fatalf("result = %s %q", res.FunctionError, res.Payload)
	}
}

func TestPanicThenFreshEnvironment(t *testing.T) {
	s := newManager(t)
	fn := function(t, "panic")
	res := call(t, s.m, fn, ev{"action": "panic", "text": "p"})
	msg, _ := errorBody(t, res)
	if res.FunctionError != "Unhandled" || msg != "oh no: p" {
		t.Fatalf("result = %s %q", res.FunctionError, res.Payload)
	}
	// aws-lambda-go exits after reporting a panic; the next call must
	// still succeed, on a new environment.
	res = call(t, s.m, fn, ev{"action": "echo", "text": "after"})
	if res.FunctionError != "" {
		t.Fatalf("after panic: %s %q", res.FunctionError, res.Payload)
	}
}

func TestTimeoutKillsAndReplaces(t *testing.T) {
	s := newManager(t)
	fn := function(t, "slow")
	fn.TimeoutSec = 1
	pid := pidOf(t, s.m, fn)
	payload, _ := json.Marshal(ev{"action": "sleep", "n": 5000})
	res, err := s.m.Invoke(context.Background(), fn, invoke.Request{RequestID: "req-timeout", Payload: payload, WantLogTail: true})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"errorMessage":"RequestId: req-timeout Error: Task timed out after 1.00 seconds","errorType":"Sandbox.Timedout"}`
	if res.FunctionError != "Unhandled" || string(res.Payload) != want {
		t.Fatalf("result = %s %s", res.FunctionError, res.Payload)
	}
	tail := string(res.LogTail)
	if !strings.Contains(tail, " req-timeout Task timed out after 1.00 seconds\n") || !strings.Contains(tail, "Status: timeout") {
		t.Errorf("log tail lacks the timeout lines:\n%s", tail)
	}
	if alive(pid) {
		t.Errorf("timed-out environment's process %d still alive", pid)
	}
	if pid2 := pidOf(t, s.m, fn); pid2 == pid {
		t.Errorf("the next call reused the timed-out environment (pid %d)", pid)
	}
}

func TestCrashIsExitError(t *testing.T) {
	s := newManager(t)
	fn := function(t, "crash")
	payload, _ := json.Marshal(ev{"action": "exit", "n": 3})
	res, err := s.m.Invoke(context.Background(), fn, invoke.Request{RequestID: "req-crash", Payload: payload})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"errorMessage":"RequestId: req-crash Error: Runtime exited with error: exit status 3","errorType":"Runtime.ExitError"}`
	if res.FunctionError != "Unhandled" || string(res.Payload) != want {
		t.Fatalf("result = %s %s", res.FunctionError, res.Payload)
	}
	if res := call(t, s.m, fn, ev{"action": "echo"}); res.FunctionError != "" {
		t.Fatalf("after crash: %s %q", res.FunctionError, res.Payload)
	}
}

func TestResponseTooLarge(t *testing.T) {
	s := newManager(t)
	fn := function(t, "big")
	res := call(t, s.m, fn, ev{"action": "big", "n": 7 << 20})
	msg, typ := errorBody(t, res)
	if res.FunctionError != "Unhandled" || typ != "Function.ResponseSizeTooLarge" ||
		msg != "Response payload size exceeded maximum allowed payload size (6291556 bytes)." {
		t.Fatalf("result = %s %q", res.FunctionError, res.Payload)
	}
	if res := call(t, s.m, fn, ev{"action": "big", "n": 1000}); res.FunctionError != "" || len(res.Payload) != 1002 {
		t.Fatalf("small response after a too-large one: %s, %d bytes", res.FunctionError, len(res.Payload))
	}
}

func TestContextReachesHandler(t *testing.T) {
	s := newManager(t)
	fn := function(t, "ctx")
	payload, _ := json.Marshal(ev{"action": "context"})
	res, err := s.m.Invoke(context.Background(), fn, invoke.Request{RequestID: "rid-1", Payload: payload,
		ClientContext: []byte(`{"custom":{"k":"v"},"env":{},"client":{}}`)})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		RequestID        string            `json:"requestId"`
		ARN              string            `json:"arn"`
		DeadlineInFuture bool              `json:"deadlineInFuture"`
		ClientContext    map[string]string `json:"clientContext"`
	}
	if err := json.Unmarshal(res.Payload, &got); err != nil {
		t.Fatalf("%q: %v", res.Payload, err)
	}
	if got.RequestID != "rid-1" || got.ARN != fn.ARN || !got.DeadlineInFuture || got.ClientContext["k"] != "v" {
		t.Fatalf("context = %+v", got)
	}
}
