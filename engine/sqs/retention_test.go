package sqs

import (
	"testing"
	"time"
)

func TestRetentionExpiry(t *testing.T) {
	clock := newTestClock()
	path := t.TempDir() + "/sqs.db"
	s, err := Open(path, Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := s.CreateQueue("r.fifo", map[string]string{"FifoQueue": "true", "MessageRetentionPeriod": "60"}, nil); err != nil {
		t.Fatal(err)
	}
	send := func(body, dedup string) {
		t.Helper()
		if _, err := s.Send(ctx, "r.fifo", SendInput{Body: body, GroupID: "g", DeduplicationID: dedup}); err != nil {
			t.Fatal(err)
		}
	}
	send("old", "1")
	clock.Advance(30 * time.Second)
	send("young", "2")
	clock.Advance(31 * time.Second)
	if err := s.sweep(); err != nil {
		t.Fatal(err)
	}
	attrs, err := s.Attributes("r.fifo", []string{attrApproxMessages})
	if err != nil || attrs[attrApproxMessages] != "1" {
		t.Fatalf("after the sweep %v, %v; want 1 message", attrs, err)
	}
	clock.Advance(5 * time.Minute)
	if err := s.sweep(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Deletions and forgotten deduplication IDs were persisted: after a
	// restart the queue is empty and ID "1" can be used again.
	s, err = Open(path, Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.Receive(ctx, "r.fifo", ReceiveInput{MaxMessages: 10}); err != nil || len(got) != 0 {
		t.Fatalf("expired messages after restart: %v, %v", got, err)
	}
	send("reused id", "1")
	if got, err := s.Receive(ctx, "r.fifo", ReceiveInput{}); err != nil || len(got) != 1 || got[0].Body != "reused id" {
		t.Errorf("after reusing an expired deduplication ID received %v, %v", got, err)
	}
}
