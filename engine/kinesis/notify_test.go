package kinesis

import (
	"context"
	"errors"
	"testing"
)

func activeStream(t *testing.T, s *Store, name string, shards int) {
	t.Helper()
	if err := s.CreateStream(CreateInput{Name: name, ShardCount: shards}); err != nil {
		t.Fatal(err)
	}
	if err := finishNow(s, name); err != nil {
		t.Fatal(err)
	}
}

// TestWaitWakesOnPut: a poller at the tip blocks in Wait until a record is
// committed, then reads it.
func TestWaitWakesOnPut(t *testing.T) {
	s := openTestStore(t, Options{})
	activeStream(t, s, "w", 1)
	it, err := s.Iterator("w", ShardID(0), IteratorInput{Type: Latest})
	if err != nil {
		t.Fatal(err)
	}
	woke := make(chan error, 1)
	go func() { woke <- s.Wait(t.Context(), it) }()
	if _, err := s.Put(t.Context(), "w", []PutEntry{{PartitionKey: "k", Data: []byte("hello")}}); err != nil {
		t.Fatal(err)
	}
	if err := <-woke; err != nil {
		t.Fatalf("Wait = %v", err)
	}
	recs, next, _, err := s.GetRecords(t.Context(), it, 0)
	if err != nil || len(recs) != 1 || string(recs[0].Data) != "hello" {
		t.Fatalf("GetRecords after Wait = %v, %v", recs, err)
	}
	// At the tip again: Wait blocks until ctx ends.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.Wait(ctx, next); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait at the tip with a cancelled ctx = %v", err)
	}
	// With records ahead, Wait returns at once.
	if err := s.Wait(t.Context(), it); err != nil {
		t.Errorf("Wait with a record ahead = %v", err)
	}
}

func TestNotifyClosesOnPutAndDelete(t *testing.T) {
	s := openTestStore(t, Options{})
	activeStream(t, s, "n", 1)
	ch, err := s.Notify("arn:aws:kinesis:us-east-1:123456789012:stream/n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(t.Context(), "n", []PutEntry{{PartitionKey: "k"}}); err != nil {
		t.Fatal(err)
	}
	<-ch // closed by the commit; a missed wake-up would hang the test
	ch, err = s.Notify("n")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteStream("n"); err != nil {
		t.Fatal(err)
	}
	if err := finishNow(s, "n"); err != nil {
		t.Fatal(err)
	}
	<-ch
	if _, err := s.Notify("n"); !IsNotFound(err) {
		t.Errorf("Notify on a deleted stream = %v", err)
	}
}

func TestGoAPILookups(t *testing.T) {
	s := openTestStore(t, Options{})
	activeStream(t, s, "g", 3)
	info, err := s.StreamByARN(s.ARN("g"))
	if err != nil || info.Name != "g" || len(info.Shards) != 3 || info.Shards[2].ShardID != "shardId-000000000002" {
		t.Fatalf("StreamByARN = %+v, %v", info, err)
	}
	if _, err := s.StreamByARN("arn:aws:kinesis:eu-west-1:123456789012:stream/g"); !IsNotFound(err) {
		t.Errorf("ARN of another region = %v", err)
	}
	shards, err := s.Shards("g")
	if err != nil || len(shards) != 3 || shards[0].StartingSequenceNumber == "" {
		t.Errorf("Shards = %+v, %v", shards, err)
	}
}
