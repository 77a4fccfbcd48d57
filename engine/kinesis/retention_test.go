package kinesis

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	bolt "go.etcd.io/bbolt"
)

// storedRecords counts the records of a shard in the file.
func storedRecords(t *testing.T, s *Store, stream string, shard int) int {
	t.Helper()
	s.mu.Lock()
	uid := s.streams[stream].meta.UID
	s.mu.Unlock()
	n := 0
	err := s.file.DB.View(func(tx *bolt.Tx) error {
		n = shardBucket(tx, uid, shard).Stats().KeyN
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRetentionExpiresRecords(t *testing.T) {
	clock := newTestClock()
	s := openTestStore(t, Options{Now: clock.Now})
	c := newTestClient(t, s)
	createStream(t, c, "r", 1)
	putRecord(t, c, "r", "k", "day 0")
	clock.Advance(20 * time.Hour)
	putRecord(t, c, "r", "k", "day 0, later")
	clock.Advance(5 * time.Hour) // the first record is now 25 hours old

	got := getRecords(t, c, trimHorizon(t, c, "r", shard0), 0)
	if !slices.Equal(datas(got.Records), []string{"day 0, later"}) {
		t.Fatalf("after 25h TRIM_HORIZON reads %v", datas(got.Records))
	}
	if n := storedRecords(t, s, "r", 0); n != 2 {
		t.Fatalf("before the sweep the file has %d records, want 2", n)
	}
	if err := s.sweep(); err != nil {
		t.Fatal(err)
	}
	if n := storedRecords(t, s, "r", 0); n != 1 {
		t.Fatalf("after the sweep the file has %d records, want 1", n)
	}

	// A longer period keeps records; shortening it again drops them.
	if _, err := c.IncreaseStreamRetentionPeriod(t.Context(), &kinesis.IncreaseStreamRetentionPeriodInput{
		StreamName: aws.String("r"), RetentionPeriodHours: aws.Int32(48)}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(20 * time.Hour) // "day 0, later" is 25 hours old
	if got := getRecords(t, c, trimHorizon(t, c, "r", shard0), 0); len(got.Records) != 1 {
		t.Fatalf("with 48h retention read %v", datas(got.Records))
	}
	if _, err := c.DecreaseStreamRetentionPeriod(t.Context(), &kinesis.DecreaseStreamRetentionPeriodInput{
		StreamName: aws.String("r"), RetentionPeriodHours: aws.Int32(24)}); err != nil {
		t.Fatal(err)
	}
	if got := getRecords(t, c, trimHorizon(t, c, "r", shard0), 0); len(got.Records) != 0 {
		t.Fatalf("after decreasing to 24h read %v", datas(got.Records))
	}
}
