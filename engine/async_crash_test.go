package engine_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// TestKill9LosesNoAcceptedEvent SIGKILLs an engine while it is accepting
// and running Event invocations, restarts it on the same data directory and
// checks that every event answered with 202 ran at least once.
func TestKill9LosesNoAcceptedEvent(t *testing.T) {
	requirePython(t)
	const total, killAfter, senders = 300, 150, 16
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "processed.log")
	cmd, client := startChild(t, dir)
	in := createInput("crashy", makeZip(t, map[string]string{"index.py": pythonRecorder}))
	in.Environment = &types.Environment{Variables: map[string]string{"OUT": out}}
	if _, err := client.CreateFunction(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	waitActiveWith(t, client, "crashy")
	// A warm function is already running events when the kill comes.
	if _, err := client.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: aws.String("crashy")}); err != nil {
		t.Fatal(err)
	}
	warmup := len(lines(t, out))

	accepted := sendUntilKilled(t, client, total, senders, killAfter, func() {
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Error(err)
		}
	})
	_ = cmd.Wait()
	ranBeforeRestart := len(lines(t, out)) - warmup

	startEngine(t, dir, engine.Config{})
	deadline := time.Now().Add(2 * waitBound)
	for !allProcessed(lines(t, out)[warmup:], accepted) {
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	ran := lines(t, out)[warmup:]
	seen := map[string]int{}
	for _, id := range ran {
		seen[id]++
	}
	var missing []string
	for _, id := range accepted {
		if seen[id] == 0 {
			missing = append(missing, id)
		}
	}
	t.Logf("accepted (202) %d of %d sent; invocations before kill %d, after restart %d; processed %d distinct events, %d duplicate runs",
		len(accepted), total, ranBeforeRestart, len(ran)-ranBeforeRestart, len(seen), len(ran)-len(seen))
	if len(missing) > 0 {
		t.Fatalf("%d accepted events never ran, e.g. %s", len(missing), missing[0])
	}
}

// sendUntilKilled sends Event invocations from several goroutines and
// calls kill once killAfter of them were accepted. It returns the request
// IDs of the accepted ones.
func sendUntilKilled(t *testing.T, client *lambda.Client, total, senders, killAfter int, kill func()) []string {
	t.Helper()
	var mu sync.Mutex
	var accepted []string
	var next atomic.Int64
	var once sync.Once
	var wg sync.WaitGroup
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= int64(total); i = next.Add(1) {
				id, err := tryEvent(client, "crashy", fmt.Sprintf(`{"n":%d}`, i))
				if err != nil {
					continue // refused after the kill: never accepted
				}
				mu.Lock()
				accepted = append(accepted, id)
				n := len(accepted)
				mu.Unlock()
				if n == killAfter {
					once.Do(kill)
				}
			}
		}()
	}
	wg.Wait()
	return accepted
}

func tryEvent(client *lambda.Client, name, payload string) (string, error) {
	out, err := client.Invoke(context.Background(), &lambda.InvokeInput{
		FunctionName: aws.String(name), InvocationType: types.InvocationTypeEvent, Payload: []byte(payload),
	})
	if err != nil {
		return "", err
	}
	if out.StatusCode != 202 {
		return "", fmt.Errorf("status %d", out.StatusCode)
	}
	return requestID(out), nil
}

func allProcessed(ran, accepted []string) bool {
	seen := map[string]bool{}
	for _, id := range ran {
		seen[id] = true
	}
	for _, id := range accepted {
		if !seen[id] {
			return false
		}
	}
	return true
}

func waitActiveWith(t *testing.T, client *lambda.Client, name string) {
	t.Helper()
	w := lambda.NewFunctionActiveV2Waiter(client, func(o *lambda.FunctionActiveV2WaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 50*time.Millisecond
	})
	if err := w.Wait(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String(name)}, waitBound); err != nil {
		t.Fatalf("waiting for %s: %v", name, err)
	}
}
