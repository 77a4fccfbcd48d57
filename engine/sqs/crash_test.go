package sqs

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/crashtest"
)

// crashChildEnv names the store file a re-executed test binary sends to.
const crashChildEnv = "SQS_CRASH_CHILD_DB"

// TestCrashChild is the child half of TestSendSurvivesKill9: it sends
// forever from several goroutines (so commits are shared) and prints each
// message's number once Send has returned.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("only runs as the child of TestSendSurvivesKill9")
	}
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Println("error", err)
		return
	}
	if err := s.CreateQueue("q", nil, nil); err != nil {
		fmt.Println("error", err)
		return
	}
	fmt.Println("ready")
	lines := make(chan string)
	for w := range 4 {
		go func() {
			for i := w; ; i += 4 {
				if _, err := s.Send(context.Background(), "q", SendInput{Body: strconv.Itoa(i)}); err != nil {
					lines <- "error " + err.Error()
					return
				}
				lines <- "committed " + strconv.Itoa(i)
			}
		}()
	}
	for l := range lines {
		fmt.Println(l)
	}
}

// TestSendSurvivesKill9 kills a process that is sending, with SIGKILL, and
// checks that every message it was told was committed is in the queue.
func TestSendSurvivesKill9(t *testing.T) {
	path := t.TempDir() + "/sqs.db"
	acked := crashtest.KillAfter(t, "TestCrashChild", crashChildEnv+"="+path, 300)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer s.Close()
	found := map[string]bool{}
	vis := 12 * time.Hour
	for {
		msgs, err := s.Receive(t.Context(), "q", ReceiveInput{MaxMessages: 10, VisibilityTimeout: &vis})
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) == 0 {
			break
		}
		for _, m := range msgs {
			found[m.Body] = true
		}
	}
	for n := range acked {
		if !found[n] {
			t.Fatalf("message %s was acknowledged but is gone after kill -9 (%d of %d found)", n, len(found), len(acked))
		}
	}
}

// TestRestartKeepsState reopens a store and checks that queues, attributes,
// receive counts, in-flight visibility and deletions persisted.
func TestRestartKeepsState(t *testing.T) {
	clock := newTestClock()
	path := t.TempDir() + "/sqs.db"
	s, err := Open(path, Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := s.CreateQueue("q", map[string]string{"VisibilityTimeout": "60"}, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"kept", "deleted", "in flight"} {
		if _, err := s.Send(ctx, "q", SendInput{Body: b}); err != nil {
			t.Fatal(err)
		}
	}
	vis := 12 * time.Hour
	msgs, err := s.Receive(ctx, "q", ReceiveInput{MaxMessages: 2, VisibilityTimeout: &vis})
	if err != nil || len(msgs) != 2 {
		t.Fatalf("Receive = %v, %v", msgs, err)
	}
	if err := s.Delete("q", msgs[1].ReceiptHandle); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangeVisibility("q", msgs[0].ReceiptHandle, 0); err != nil {
		t.Fatal(err)
	}
	inFlight, err := s.Receive(ctx, "q", ReceiveInput{MaxMessages: 10, SystemAttributeNames: []string{"All"}})
	if err != nil || len(inFlight) != 2 {
		t.Fatalf("Receive = %v, %v", inFlight, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(path, Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.Receive(ctx, "q", ReceiveInput{MaxMessages: 10}); err != nil || len(got) != 0 {
		t.Fatalf("after restart, in-flight messages were receivable: %v, %v", got, err)
	}
	clock.Advance(61 * time.Second)
	got, err := s.Receive(ctx, "q", ReceiveInput{MaxMessages: 10, SystemAttributeNames: []string{"ApproximateReceiveCount"}})
	if err != nil || len(got) != 2 || got[0].Body != "kept" || got[0].Attributes["ApproximateReceiveCount"] != "3" ||
		got[1].Body != "in flight" || got[1].Attributes["ApproximateReceiveCount"] != "2" {
		t.Fatalf("after restart and timeout received %+v, %v", got, err)
	}
	if tags, err := s.Tags("q"); err != nil || tags["k"] != "v" {
		t.Errorf("tags after restart = %v, %v", tags, err)
	}
	// Handles from before the restart still work.
	if err := s.Delete("q", got[0].ReceiptHandle); err != nil {
		t.Errorf("Delete after restart: %v", err)
	}
}
