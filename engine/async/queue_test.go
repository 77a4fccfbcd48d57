package async_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
)

// waitBound only stops a broken test from hanging.
const waitBound = 30 * time.Second

type clock struct{ ns atomic.Int64 }

func (c *clock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *clock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// fakeInvoker fails every invocation with a function error, or with a
// system error when sysErr is set, and counts calls.
type fakeInvoker struct {
	calls  atomic.Int64
	sysErr error
}

func (f *fakeInvoker) Invoke(context.Context, invoke.Function, invoke.Request) (invoke.Result, error) {
	f.calls.Add(1)
	if f.sysErr != nil {
		return invoke.Result{}, f.sysErr
	}
	return invoke.Result{FunctionError: "Unhandled", Payload: []byte(`{"errorMessage":"boom","errorType":"Exception"}`)}, nil
}

type fixedResolver struct{}

func (fixedResolver) Target(ev *async.Event) (async.Target, error) {
	return async.Target{Function: invoke.Function{Name: ev.Function, Version: "$LATEST"}, DeadLetterARN: "arn:aws:sqs:us-east-1:000000000000:dlq"}, nil
}

func (fixedResolver) Destination(string, []byte) (async.Event, error) {
	return async.Event{}, async.ErrGone
}

// sink records what the queue delivers.
type sink struct {
	mu   sync.Mutex
	msgs map[string][]string
	attr map[string]map[string]async.Attribute
	got  chan struct{}
}

func newSink() *sink {
	return &sink{msgs: map[string][]string{}, attr: map[string]map[string]async.Attribute{}, got: make(chan struct{}, 16)}
}

func (s *sink) SendByARN(_ context.Context, arn, body string, attrs map[string]async.Attribute) error {
	s.mu.Lock()
	s.msgs[arn] = append(s.msgs[arn], body)
	s.attr[arn] = attrs
	s.mu.Unlock()
	s.got <- struct{}{}
	return nil
}

func (s *sink) wait(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-s.got:
		case <-time.After(waitBound):
			t.Fatal("no delivery")
		}
	}
}

func open(t *testing.T, path string, inv async.Invoker, s *sink, c *clock) *async.Queue {
	t.Helper()
	q, err := async.Open(async.Options{Path: path, Invoker: inv, Queues: s, Now: c.now, RetryBase: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

const failures = "arn:aws:sqs:us-east-1:000000000000:failures"

func TestRestartResumesAttemptsAndDueTimes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "async.db")
	c := &clock{}
	c.advance(time.Hour)
	inv, s := &fakeInvoker{}, newSink()
	q := open(t, path, inv, s, c)
	one := 1
	if err := q.PutConfig(async.Config{Function: "f", Qualifier: "$LATEST", MaximumRetryAttempts: &one, OnFailure: failures}); err != nil {
		t.Fatal(err)
	}
	q.Start(fixedResolver{})
	if err := q.Enqueue(context.Background(), async.Event{RequestID: "r1", Function: "f", InvokedARN: "arn:f", Payload: []byte(`{"a":1}`)}); err != nil {
		t.Fatal(err)
	}
	// The first attempt fails; the retry is due an hour later.
	for deadline := time.Now().Add(waitBound); inv.calls.Load() < 1 || q.Pending() < 1; {
		if time.Now().After(deadline) {
			t.Fatalf("calls %d pending %d", inv.calls.Load(), q.Pending())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}

	c.advance(2 * time.Hour)
	q = open(t, path, inv, s, c)
	defer q.Close()
	q.Start(fixedResolver{})
	s.wait(t, 2) // record and dead letter
	s.mu.Lock()
	defer s.mu.Unlock()
	var rec struct {
		RequestContext struct {
			Condition              string
			ApproximateInvokeCount int
		} `json:"requestContext"`
	}
	if err := json.Unmarshal([]byte(s.msgs[failures][0]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.RequestContext.Condition != "RetriesExhausted" || rec.RequestContext.ApproximateInvokeCount != 2 || inv.calls.Load() != 2 {
		t.Fatalf("record %+v after %d calls", rec, inv.calls.Load())
	}
}

func TestSystemErrorsRetryUntilMaximumAge(t *testing.T) {
	c := &clock{}
	inv, s := &fakeInvoker{sysErr: errors.New("throttled")}, newSink()
	q := open(t, filepath.Join(t.TempDir(), "async.db"), inv, s, c)
	defer q.Close()
	q.Start(fixedResolver{})
	if err := q.Enqueue(context.Background(), async.Event{RequestID: "r2", Function: "f", InvokedARN: "arn:f", Payload: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(waitBound); inv.calls.Load() < 1 || q.Pending() < 1; {
		if time.Now().After(deadline) {
			t.Fatalf("calls %d", inv.calls.Load())
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Retried with backoff (1 s, then 2 s…) until the next retry could not
	// start within the six-hour maximum age.
	c.advance(6 * time.Hour)
	s.wait(t, 1)
	if inv.calls.Load() != 2 {
		t.Errorf("calls = %d, want 2", inv.calls.Load())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.attr["arn:aws:sqs:us-east-1:000000000000:dlq"]
	if a["ErrorCode"].StringValue != "500" || a["ErrorMessage"].StringValue != "throttled" || a["RequestID"].StringValue != "r2" {
		t.Fatalf("dead letter attributes %+v", a)
	}
	if st := q.Stats(); st.AsyncEventsDropped != 1 || st.AsyncEventsReceived != 1 {
		t.Fatalf("stats %+v", st)
	}
}
