// Command goecho is a test function: an aws-lambda-go handler whose
// behaviour is chosen by the event, plus init behaviours chosen by
// environment variables.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type event struct {
	Action string `json:"action"`
	N      int    `json:"n"`
	Text   string `json:"text"`
}

var keep [][]byte // memory the "alloc" action holds on to

func handle(ctx context.Context, ev event) (any, error) {
	switch ev.Action {
	case "echo":
		return ev, nil
	case "error":
		return nil, errors.New("boom: " + ev.Text)
	case "panic":
		panic("oh no: " + ev.Text)
	case "exit":
		os.Exit(ev.N)
	case "hold": // announce being busy through a file, then sleep
		if err := os.WriteFile(ev.Text, nil, 0o600); err != nil {
			return nil, err
		}
		time.Sleep(time.Duration(ev.N) * time.Millisecond)
		return "held", nil
	case "sleep":
		time.Sleep(time.Duration(ev.N) * time.Millisecond)
		return "slept", nil
	case "pid":
		return os.Getpid(), nil
	case "barrier":
		return barrier(ev.Text, ev.N)
	case "env":
		return environ(), nil
	case "context":
		lc, _ := lambdacontext.FromContext(ctx)
		dl, _ := ctx.Deadline()
		return map[string]any{"requestId": lc.AwsRequestID, "arn": lc.InvokedFunctionArn,
			"deadlineInFuture": time.Until(dl) > 0, "clientContext": lc.ClientContext.Custom}, nil
	case "log":
		for i := range ev.N {
			fmt.Printf("stdout line %d %s\n", i, ev.Text)
			fmt.Fprintf(os.Stderr, "stderr line %d %s\n", i, ev.Text)
		}
		return "logged", nil
	case "alloc":
		return alloc(ev.N), nil
	case "big":
		return strings.Repeat("x", ev.N), nil
	case "tmp":
		return nil, os.WriteFile(filepath.Join(os.TempDir(), "blob"), make([]byte, ev.N<<20), 0o600)
	}
	return nil, fmt.Errorf("unknown action %q", ev.Action)
}

// barrier registers this process in dir and waits until n processes have.
func barrier(dir string, n int) (int, error) {
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprint(os.Getpid())), nil, 0o600); err != nil {
		return 0, err
	}
	for {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return 0, err
		}
		if len(entries) >= n {
			return os.Getpid(), nil
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// alloc touches n MB so the pages are really resident.
func alloc(n int) int {
	for range n {
		b := make([]byte, 1<<20)
		for i := range b {
			b[i] = 1
		}
		keep = append(keep, b)
	}
	return len(keep)
}

func environ() map[string]string {
	out := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		out[k] = v
	}
	wd, _ := os.Getwd()
	out["_CWD"] = wd
	return out
}

func main() {
	fmt.Println("init: starting")
	switch os.Getenv("TEST_INIT") {
	case "exit":
		os.Exit(2)
	case "report":
		reportInitError()
		os.Exit(1)
	case "hang":
		time.Sleep(time.Hour)
	}
	lambda.Start(handle)
}

// reportInitError posts to /runtime/init/error as a runtime whose handler
// failed to load would.
func reportInitError() {
	url := "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/init/error"
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"errorMessage":"cannot load handler","errorType":"Runtime.HandlerNotFound"}`))
	req.Header.Set("Lambda-Runtime-Function-Error-Type", "Runtime.HandlerNotFound")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
}
