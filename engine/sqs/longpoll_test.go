package sqs

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// TestLongPollWokenBySend starts a 20-second long poll, waits until it is
// waiting, and sends: the poll must return the message (had the send not
// woken it, it would return empty when the wait ran out).
func TestLongPollWokenBySend(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	url := aws.String(createQueue(t, c, "lp", nil))
	type result struct {
		out *sqs.ReceiveMessageOutput
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := c.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: 20})
		done <- result{out, err}
	}()
	waitForPollers(t, s, 1)
	send(t, c, *url, "wake up")
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got := bodies(r.out); len(got) != 1 || got[0] != "wake up" {
		t.Errorf("long poll returned %v", got)
	}
}

// TestLongPollUsesQueueWaitTime: with ReceiveMessageWaitTimeSeconds set,
// a receive without WaitTimeSeconds long-polls too.
func TestLongPollUsesQueueWaitTime(t *testing.T) {
	s := openTestStore(t, Options{})
	url := "lpq"
	if err := s.CreateQueue(url, map[string]string{"ReceiveMessageWaitTimeSeconds": "20"}, nil); err != nil {
		t.Fatal(err)
	}
	done := make(chan []Message, 1)
	go func() {
		msgs, _ := s.Receive(context.Background(), url, ReceiveInput{})
		done <- msgs
	}()
	waitForPollers(t, s, 1)
	if _, err := s.Send(t.Context(), url, SendInput{Body: "x"}); err != nil {
		t.Fatal(err)
	}
	if msgs := <-done; len(msgs) != 1 {
		t.Errorf("received %d messages", len(msgs))
	}
}

// TestLongPollEndsWithContext: a cancelled caller's poll returns at once.
func TestLongPollEndsWithContext(t *testing.T) {
	s := openTestStore(t, Options{})
	if err := s.CreateQueue("q", nil, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	wait := 20 * time.Second
	done := make(chan error, 1)
	go func() {
		_, err := s.Receive(ctx, "q", ReceiveInput{WaitTime: &wait})
		done <- err
	}()
	waitForPollers(t, s, 1)
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Receive after cancel = %v", err)
	}
}

func waitForPollers(t *testing.T, s *Store, n int32) {
	t.Helper()
	for s.polling.Load() < n {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}
