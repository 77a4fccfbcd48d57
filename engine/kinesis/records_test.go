package kinesis

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

const shard0 = "shardId-000000000000"

func TestPutAndGetInOrder(t *testing.T) {
	clock := newTestClock()
	s := openTestStore(t, Options{Now: clock.Now})
	c := newTestClient(t, s)
	createStream(t, c, "o", 1)
	var seqs []string
	for i := range 5 {
		out := putRecord(t, c, "o", fmt.Sprintf("k%d", i), fmt.Sprintf("r%d", i))
		if aws.ToString(out.ShardId) != shard0 || len(aws.ToString(out.SequenceNumber)) != 56 {
			t.Fatalf("PutRecord = %+v", out)
		}
		seqs = append(seqs, aws.ToString(out.SequenceNumber))
		clock.Advance(time.Second)
	}
	if !slices.IsSorted(seqs) {
		t.Errorf("sequence numbers do not increase: %v", seqs)
	}
	it := trimHorizon(t, c, "o", shard0)
	got := getRecords(t, c, it, 2)
	if !slices.Equal(datas(got.Records), []string{"r0", "r1"}) || aws.ToInt64(got.MillisBehindLatest) != 3000 {
		t.Fatalf("first page = %v, behind %d", datas(got.Records), aws.ToInt64(got.MillisBehindLatest))
	}
	r := got.Records[0]
	if aws.ToString(r.SequenceNumber) != seqs[0] || aws.ToString(r.PartitionKey) != "k0" ||
		!r.ApproximateArrivalTimestamp.Equal(clock.Now().Add(-5*time.Second)) {
		t.Errorf("record = %+v, arrival %v", r, r.ApproximateArrivalTimestamp)
	}
	rest := getRecords(t, c, aws.ToString(got.NextShardIterator), 0)
	if !slices.Equal(datas(rest.Records), []string{"r2", "r3", "r4"}) || aws.ToInt64(rest.MillisBehindLatest) != 0 {
		t.Fatalf("second page = %v, behind %d", datas(rest.Records), aws.ToInt64(rest.MillisBehindLatest))
	}
	empty := getRecords(t, c, aws.ToString(rest.NextShardIterator), 0)
	if len(empty.Records) != 0 || empty.NextShardIterator == nil {
		t.Fatalf("at the tip = %+v", empty)
	}
	putRecord(t, c, "o", "k", "r5")
	if got := datas(getRecords(t, c, aws.ToString(empty.NextShardIterator), 0).Records); !slices.Equal(got, []string{"r5"}) {
		t.Errorf("after a new put = %v", got)
	}
}

func TestPutRecordsKeepsOrderWithinShard(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	createStream(t, c, "o", 2)
	var entries []types.PutRecordsRequestEntry
	for i := range 500 {
		entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint(i % 7)), Data: []byte(fmt.Sprint(i))})
	}
	out, err := c.PutRecords(t.Context(), &kinesis.PutRecordsInput{StreamName: aws.String("o"), Records: entries})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for i, r := range out.Records {
		want[aws.ToString(r.ShardId)] = append(want[aws.ToString(r.ShardId)], string(entries[i].Data))
	}
	for shard, w := range want {
		got := datas(getRecords(t, c, trimHorizon(t, c, "o", shard), 0).Records)
		if !slices.Equal(got, w) {
			t.Errorf("%s returned %d records out of put order", shard, len(got))
		}
	}
	_, err = c.PutRecords(t.Context(), &kinesis.PutRecordsInput{StreamName: aws.String("o"),
		Records: append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String("x"), Data: []byte("x")})})
	wantAPIError(t, err, "ValidationException", "")
}

func TestIteratorTypes(t *testing.T) {
	clock := newTestClock()
	s := openTestStore(t, Options{Now: clock.Now})
	c := newTestClient(t, s)
	createStream(t, c, "i", 1)
	var seqs []string
	var times []time.Time
	for i := range 4 {
		times = append(times, clock.Now())
		seqs = append(seqs, aws.ToString(putRecord(t, c, "i", "k", fmt.Sprint(i)).SequenceNumber))
		clock.Advance(time.Second)
	}
	base := kinesis.GetShardIteratorInput{StreamName: aws.String("i"), ShardId: aws.String(shard0)}
	tests := []struct {
		name string
		typ  types.ShardIteratorType
		seq  string
		ts   *time.Time
		want []string
	}{
		{"trim horizon", types.ShardIteratorTypeTrimHorizon, "", nil, []string{"0", "1", "2", "3"}},
		{"latest", types.ShardIteratorTypeLatest, "", nil, []string{}},
		{"at sequence number", types.ShardIteratorTypeAtSequenceNumber, seqs[1], nil, []string{"1", "2", "3"}},
		{"after sequence number", types.ShardIteratorTypeAfterSequenceNumber, seqs[1], nil, []string{"2", "3"}},
		{"at timestamp", types.ShardIteratorTypeAtTimestamp, "", &times[2], []string{"2", "3"}},
		{"at timestamp between records", types.ShardIteratorTypeAtTimestamp, "", aws.Time(times[2].Add(-time.Millisecond)), []string{"2", "3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			in.ShardIteratorType = tt.typ
			if tt.seq != "" {
				in.StartingSequenceNumber = aws.String(tt.seq)
			}
			in.Timestamp = tt.ts
			got := datas(getRecords(t, c, iterator(t, c, &in), 0).Records)
			if !slices.Equal(got, tt.want) {
				t.Errorf("records = %v, want %v", got, tt.want)
			}
		})
	}
	// LATEST sees what is put after it was taken.
	in := base
	in.ShardIteratorType = types.ShardIteratorTypeLatest
	latest := iterator(t, c, &in)
	putRecord(t, c, "i", "k", "4")
	if got := datas(getRecords(t, c, latest, 0).Records); !slices.Equal(got, []string{"4"}) {
		t.Errorf("LATEST then put = %v", got)
	}
}

func TestIteratorErrors(t *testing.T) {
	clock := newTestClock()
	s := openTestStore(t, Options{Now: clock.Now})
	c := newTestClient(t, s)
	createStream(t, c, "e", 2)
	createStream(t, c, "other", 1)
	seq := aws.ToString(putRecord(t, c, "other", "k", "x").SequenceNumber)
	ctx := t.Context()
	get := func(shard string, typ types.ShardIteratorType, seq string) error {
		in := &kinesis.GetShardIteratorInput{StreamName: aws.String("e"), ShardId: aws.String(shard), ShardIteratorType: typ}
		if seq != "" {
			in.StartingSequenceNumber = aws.String(seq)
		}
		_, err := c.GetShardIterator(ctx, in)
		return err
	}
	wantAPIError(t, get("shardId-000000000007", types.ShardIteratorTypeLatest, ""), "ResourceNotFoundException",
		"Shard shardId-000000000007 in stream e under account 123456789012 does not exist")
	wantAPIError(t, get(shard0, types.ShardIteratorTypeAtSequenceNumber, ""), "InvalidArgumentException",
		"Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON "+
			"or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.")
	wantAPIError(t, get(shard0, types.ShardIteratorTypeAtSequenceNumber, "123"), "InvalidArgumentException",
		"StartingSequenceNumber 123 used in GetShardIterator on shard shardId-000000000000 in stream e under account 123456789012 is invalid.")
	wantAPIError(t, get(shard0, types.ShardIteratorTypeAtSequenceNumber, seq), "InvalidArgumentException",
		"StartingSequenceNumber "+seq+" used in GetShardIterator on shard shardId-000000000000 in stream e under account "+
			"123456789012 is invalid because it did not come from this stream.")
	own := aws.ToString(putRecord(t, c, "e", "k", "y").SequenceNumber)
	other := shard0
	if own[16:22] == "000000" {
		other = "shardId-000000000001"
	}
	wantAPIError(t, get(other, types.ShardIteratorTypeAfterSequenceNumber, own), "InvalidArgumentException", "")

	it := trimHorizon(t, c, "e", shard0)
	clock.Advance(5*time.Minute + time.Second)
	_, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(it)})
	wantAPIError(t, err, "ExpiredIteratorException", "")
	_, err = c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("AAAAAAAAAAGZ")})
	wantAPIError(t, err, "InvalidArgumentException", "Invalid ShardIterator.")
	_, err = c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(trimHorizon(t, c, "e", shard0)), Limit: aws.Int32(10001)})
	wantAPIError(t, err, "ValidationException", "")
}

func TestExpiredIteratorMessage(t *testing.T) {
	issued := time.Date(2020, 3, 4, 1, 2, 40, 0, time.UTC)
	got := errExpiredIterator(issued, issued.Add(7*time.Minute+50*time.Second)).Message
	want := "Iterator expired. The iterator was created at time Wed Mar 04 01:02:40 UTC 2020 while right now it is " +
		"Wed Mar 04 01:10:30 UTC 2020 which is further in the future than the tolerated delay of 300000 milliseconds."
	if got != want {
		t.Errorf("message = %q", got)
	}
}

func TestDeletedStreamIteratorFails(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	createStream(t, c, "d", 1)
	putRecord(t, c, "d", "k", "old")
	it := trimHorizon(t, c, "d", shard0)
	if _, err := c.DeleteStream(t.Context(), &kinesis.DeleteStreamInput{StreamName: aws.String("d")}); err != nil {
		t.Fatal(err)
	}
	w := kinesis.NewStreamNotExistsWaiter(c, func(o *kinesis.StreamNotExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 10*time.Millisecond, 50*time.Millisecond
	})
	if err := w.Wait(t.Context(), &kinesis.DescribeStreamInput{StreamName: aws.String("d")}, time.Minute); err != nil {
		t.Fatal(err)
	}
	createStream(t, c, "d", 1)
	_, err := c.GetRecords(t.Context(), &kinesis.GetRecordsInput{ShardIterator: aws.String(it)})
	wantAPIError(t, err, "ResourceNotFoundException", "")
	if got := getRecords(t, c, trimHorizon(t, c, "d", shard0), 0); len(got.Records) != 0 {
		t.Errorf("a new stream of the same name has the old one's records: %v", datas(got.Records))
	}
}
