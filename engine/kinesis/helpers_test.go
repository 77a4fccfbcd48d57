package kinesis

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/servicetest"
)

const (
	testRegion  = "us-east-1"
	testAccount = "123456789012"
)

func newTestClock() *servicetest.Clock {
	return servicetest.NewClock(time.Now().Truncate(time.Millisecond))
}

func openTestStore(t testing.TB, opts Options) *Store {
	t.Helper()
	opts.Region, opts.AccountID = testRegion, testAccount
	return servicetest.OpenStore(t, "kinesis.db", func(path string) (*Store, error) { return Open(path, opts) })
}

// newTestClient serves s over HTTP and returns a real SDK client for it.
func newTestClient(t testing.TB, s *Store) *kinesis.Client {
	t.Helper()
	url := servicetest.Serve(t, NewHandler(s))
	return kinesis.NewFromConfig(servicetest.Config(url, testRegion))
}

var wantAPIError = servicetest.WantAPIError

// createStream creates a provisioned stream through the API and waits,
// with the SDK's own waiter, until it is ACTIVE.
func createStream(t testing.TB, c *kinesis.Client, name string, shards int32) {
	t.Helper()
	_, err := c.CreateStream(t.Context(), &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(shards)})
	if err != nil {
		t.Fatalf("CreateStream(%s): %v", name, err)
	}
	waitActive(t, c, name)
}

func waitActive(t testing.TB, c *kinesis.Client, name string) {
	t.Helper()
	w := kinesis.NewStreamExistsWaiter(c, func(o *kinesis.StreamExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 10*time.Millisecond, 50*time.Millisecond
	})
	if err := w.Wait(t.Context(), &kinesis.DescribeStreamInput{StreamName: aws.String(name)}, time.Minute); err != nil {
		t.Fatalf("waiting for %s to be ACTIVE: %v", name, err)
	}
}

func putRecord(t testing.TB, c *kinesis.Client, stream, key, data string) *kinesis.PutRecordOutput {
	t.Helper()
	out, err := c.PutRecord(t.Context(), &kinesis.PutRecordInput{
		StreamName: aws.String(stream), PartitionKey: aws.String(key), Data: []byte(data),
	})
	if err != nil {
		t.Fatalf("PutRecord(%s): %v", key, err)
	}
	return out
}

func iterator(t *testing.T, c *kinesis.Client, in *kinesis.GetShardIteratorInput) string {
	t.Helper()
	out, err := c.GetShardIterator(t.Context(), in)
	if err != nil {
		t.Fatalf("GetShardIterator(%s): %v", in.ShardIteratorType, err)
	}
	return aws.ToString(out.ShardIterator)
}

func trimHorizon(t *testing.T, c *kinesis.Client, stream, shard string) string {
	t.Helper()
	return iterator(t, c, &kinesis.GetShardIteratorInput{StreamName: aws.String(stream), ShardId: aws.String(shard),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
}

func getRecords(t *testing.T, c *kinesis.Client, it string, limit int32) *kinesis.GetRecordsOutput {
	t.Helper()
	in := &kinesis.GetRecordsInput{ShardIterator: aws.String(it)}
	if limit > 0 {
		in.Limit = aws.Int32(limit)
	}
	out, err := c.GetRecords(t.Context(), in)
	if err != nil {
		t.Fatalf("GetRecords: %v", err)
	}
	return out
}

func datas(recs []types.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = string(r.Data)
	}
	return out
}

// finishNow ends a stream's CREATING or DELETING state without waiting
// for the transition delay (the timer, when it fires, finds nothing to do).
func finishNow(s *Store, name string) error {
	s.mu.Lock()
	st := s.streams[name]
	s.mu.Unlock()
	if st == nil {
		return nil
	}
	return s.finishTransition(name, st.uid())
}
