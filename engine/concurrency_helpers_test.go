package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// pythonHold reports how its environment was initialised. With "hold" it
// first announces itself with a file named by its request ID in that
// directory, then waits until a file "release" appears there: the test
// decides when invocations end, so nothing depends on timing.
const pythonHold = `import os, time
def handler(event, context):
    hold = event.get("hold") if isinstance(event, dict) else None
    if hold:
        open(os.path.join(hold, context.aws_request_id), "w").close()
        while not os.path.exists(os.path.join(hold, "release")):
            time.sleep(0.005)
    if isinstance(event, dict) and event.get("touch"):
        open(event["touch"], "a").close()
    return {"init": os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE"), "version": context.function_version}
`

// holdResult is what pythonHold returns.
type holdResult struct {
	Init    string `json:"init"`
	Version string `json:"version"`
}

func createHolder(t *testing.T, h *harness, name string) {
	t.Helper()
	h.create(name, makeZip(t, map[string]string{"index.py": pythonHold}), func(in *lambda.CreateFunctionInput) { in.Timeout = aws.Int32(60) })
	h.waitActive(name)
}

// outcome is one invocation's answer in a burst.
type outcome struct {
	result    holdResult
	throttled *types.TooManyRequestsException
	err       error
}

// burst starts n concurrent invocations that hold in dir, waits until each
// one either was throttled or is running, releases the running ones and
// returns every outcome.
func burst(t *testing.T, h *harness, function, qualifier string, n int) []outcome {
	t.Helper()
	dir := t.TempDir()
	payload, _ := json.Marshal(map[string]string{"hold": dir})
	out := make([]outcome, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	throttled := 0
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := &lambda.InvokeInput{FunctionName: aws.String(function), Payload: payload}
			if qualifier != "" {
				in.Qualifier = aws.String(qualifier)
			}
			o := invokeOnce(h, in)
			if o.throttled != nil {
				mu.Lock()
				throttled++
				mu.Unlock()
			}
			out[i] = o
		}()
	}
	concWait(t, "every invocation to be throttled or running", func() bool {
		entries, err := os.ReadDir(dir)
		mu.Lock()
		defer mu.Unlock()
		return err == nil && throttled+len(entries) == n
	})
	if err := os.WriteFile(filepath.Join(dir, "release"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	return out
}

func invokeOnce(h *harness, in *lambda.InvokeInput) outcome {
	res, err := h.client.Invoke(context.Background(), in)
	var tm *types.TooManyRequestsException
	switch {
	case errors.As(err, &tm):
		return outcome{throttled: tm}
	case err != nil:
		return outcome{err: err}
	case res.FunctionError != nil:
		return outcome{err: errors.New("function error: " + string(res.Payload))}
	}
	var o outcome
	o.err = json.Unmarshal(res.Payload, &o.result)
	return o
}

// tally counts a burst's outcomes, failing on anything but success or a
// throttle with wantReason.
func tally(t *testing.T, outs []outcome, wantReason types.ThrottleReason) (ok, throttled int, inits map[string]int) {
	t.Helper()
	inits = map[string]int{}
	for _, o := range outs {
		switch {
		case o.err != nil:
			t.Errorf("invocation failed: %v", o.err)
		case o.throttled != nil:
			throttled++
			if o.throttled.Reason != wantReason || aws.ToString(o.throttled.Message) != "Rate Exceeded." || aws.ToString(o.throttled.Type) != "User" {
				t.Errorf("throttle = %+v (reason %q), want reason %q", o.throttled, o.throttled.Reason, wantReason)
			}
		default:
			ok++
			inits[o.result.Init]++
		}
	}
	return ok, throttled, inits
}

// concWait polls cond until it holds; waitBound only stops a broken test
// from hanging.
func concWait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(waitBound); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}

// runtimeProcesses lists the live processes whose environment mentions
// dir: the runtimes of an engine whose data directory is dir.
func runtimeProcesses(t *testing.T, dir string) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !bytes.Contains(env, []byte(dir)) {
			continue
		}
		if stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat")); err == nil && bytes.Contains(stat, []byte(") Z ")) {
			continue // a zombie holds no resources but its PID; its parent reaps it
		}
		pids = append(pids, pid)
	}
	return pids
}

func publishAndAlias(t *testing.T, h *harness, function, alias string) {
	t.Helper()
	v, err := h.client.PublishVersion(context.Background(), &lambda.PublishVersionInput{FunctionName: aws.String(function)})
	if err != nil {
		t.Fatal(err)
	}
	createAlias(t, h, &lambda.CreateAliasInput{FunctionName: aws.String(function), Name: aws.String(alias), FunctionVersion: v.Version})
	w := lambda.NewFunctionActiveV2Waiter(h.client, func(o *lambda.FunctionActiveV2WaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 50*time.Millisecond
	})
	if err := w.Wait(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String(function), Qualifier: v.Version}, waitBound); err != nil {
		t.Fatal(err)
	}
}
