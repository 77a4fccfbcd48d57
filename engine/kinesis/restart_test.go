package kinesis

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestRestartKeepsStreams reopens a store and checks that streams, tags,
// retention, records and sequence numbers persisted, and that new records
// get higher sequence numbers than old ones.
func TestRestartKeepsStreams(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kinesis.db")
	ctx := context.Background()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateStream(CreateInput{Name: "keep", ShardCount: 2, Tags: map[string]string{"k": "v"}}); err != nil {
		t.Fatal(err)
	}
	if err := finishNow(s, "keep"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRetention("keep", 72, true); err != nil {
		t.Fatal(err)
	}
	before, err := s.Put(ctx, "keep", []PutEntry{{PartitionKey: "a", Data: []byte("1")}, {PartitionKey: "a", Data: []byte("2")}})
	if err != nil {
		t.Fatal(err)
	}
	// A stream deleted just before shutdown is gone after the restart.
	if err := s.CreateStream(CreateInput{Name: "gone", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	if err := finishNow(s, "gone"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteStream("gone"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	info, err := s.Describe("keep")
	if err != nil || info.Status != StatusActive || info.RetentionHours != 72 || info.Tags["k"] != "v" || len(info.Shards) != 2 {
		t.Fatalf("after restart Describe = %+v, %v", info, err)
	}
	after, err := s.Put(ctx, "keep", []PutEntry{{PartitionKey: "a", Data: []byte("3")}})
	if err != nil {
		t.Fatal(err)
	}
	if after[0].ShardID != before[1].ShardID || after[0].SequenceNumber <= before[1].SequenceNumber {
		t.Errorf("sequence number after restart %s is not above %s", after[0].SequenceNumber, before[1].SequenceNumber)
	}
	it, err := s.Iterator("keep", before[0].ShardID, IteratorInput{Type: AtSequenceNumber, SequenceNumber: before[0].SequenceNumber})
	if err != nil {
		t.Fatal(err)
	}
	recs, _, _, err := s.GetRecords(ctx, it, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, string(r.Data))
	}
	if !slices.Equal(got, []string{"1", "2", "3"}) {
		t.Errorf("after restart read %v", got)
	}
	// The deletion finishes once the store is open again.
	if err := finishNow(s, "gone"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Describe("gone"); !IsNotFound(err) {
		t.Errorf("deleted stream after restart: %v", err)
	}
}
