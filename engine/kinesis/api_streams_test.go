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

func TestCreateDescribeDelete(t *testing.T) {
	// State changes wait for an hour, so the test sees CREATING and
	// DELETING for sure and ends them itself with finishNow.
	s := openTestStore(t, Options{TransitionDelay: time.Hour})
	c := newTestClient(t, s)
	ctx := t.Context()
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(3),
		Tags: map[string]string{"team": "a"}}); err != nil {
		t.Fatal(err)
	}
	sum, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
	if err != nil {
		t.Fatal(err)
	}
	if got := sum.StreamDescriptionSummary.StreamStatus; got != types.StreamStatusCreating {
		t.Errorf("status right after CreateStream = %s, want CREATING", got)
	}
	_, err = c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
	wantAPIError(t, err, "ResourceNotFoundException", "Stream s under account 123456789012 not found.")
	if err := finishNow(s, "s"); err != nil {
		t.Fatal(err)
	}

	d, err := c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
	if err != nil {
		t.Fatal(err)
	}
	sd := d.StreamDescription
	if aws.ToString(sd.StreamARN) != "arn:aws:kinesis:us-east-1:123456789012:stream/s" || sd.StreamStatus != types.StreamStatusActive ||
		len(sd.Shards) != 3 || aws.ToBool(sd.HasMoreShards) || aws.ToInt32(sd.RetentionPeriodHours) != 24 ||
		sd.StreamModeDetails.StreamMode != types.StreamModeProvisioned || sd.StreamCreationTimestamp == nil {
		t.Errorf("DescribeStream = %+v", sd)
	}
	_, err = c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
	wantAPIError(t, err, "ResourceInUseException", "Stream s under account 123456789012 already exists.")

	if _, err := c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamARN: sd.StreamARN}); err != nil {
		t.Fatal(err)
	}
	sum, err = c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
	if err != nil || sum.StreamDescriptionSummary.StreamStatus != types.StreamStatusDeleting {
		t.Fatalf("right after DeleteStream: %+v, %v", sum, err)
	}
	// As on AWS, a DELETING stream still takes records.
	putRecord(t, c, "s", "k", "late")
	if err := finishNow(s, "s"); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
	wantAPIError(t, err, "ResourceNotFoundException", "Stream s under account 123456789012 not found.")
}

func TestCreateStreamValidation(t *testing.T) {
	s := openTestStore(t, Options{ShardLimit: 10})
	c := newTestClient(t, s)
	tests := []struct {
		name string
		in   *kinesis.CreateStreamInput
		code string
		msg  string
	}{
		{"bad name", &kinesis.CreateStreamInput{StreamName: aws.String("a b"), ShardCount: aws.Int32(1)}, "ValidationException",
			"1 validation error detected: Value 'a b' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"zero shards", &kinesis.CreateStreamInput{StreamName: aws.String("z"), ShardCount: aws.Int32(0)}, "ValidationException", ""},
		{"no shard count", &kinesis.CreateStreamInput{StreamName: aws.String("z")}, "InvalidArgumentException", ""},
		{"over the shard limit", &kinesis.CreateStreamInput{StreamName: aws.String("big"), ShardCount: aws.Int32(11)}, "LimitExceededException",
			"This request would exceed the shard limit for the account 123456789012 in us-east-1. Current shard count for the account: 0. " +
				"Limit: 10. Number of additional shards that would have resulted from this request: 11. Refer to the AWS Service Limits page " +
				"(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.CreateStream(t.Context(), tt.in)
			wantAPIError(t, err, tt.code, tt.msg)
		})
	}
}

func TestOnDemandStreamHasFourShards(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	_, err := c.CreateStream(t.Context(), &kinesis.CreateStreamInput{StreamName: aws.String("od"),
		StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}})
	if err != nil {
		t.Fatal(err)
	}
	waitActive(t, c, "od")
	sum, err := c.DescribeStreamSummary(t.Context(), &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("od")})
	if err != nil {
		t.Fatal(err)
	}
	if d := sum.StreamDescriptionSummary; aws.ToInt32(d.OpenShardCount) != 4 || d.StreamModeDetails.StreamMode != types.StreamModeOnDemand {
		t.Errorf("on-demand summary = %+v", d)
	}
}

func TestShardPagination(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	createStream(t, c, "p", 5)
	ctx := t.Context()
	// DescribeStream: Limit and ExclusiveStartShardId.
	var ids []string
	in := &kinesis.DescribeStreamInput{StreamName: aws.String("p"), Limit: aws.Int32(2)}
	for {
		out, err := c.DescribeStream(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range out.StreamDescription.Shards {
			ids = append(ids, aws.ToString(sh.ShardId))
		}
		if !aws.ToBool(out.StreamDescription.HasMoreShards) {
			break
		}
		in.ExclusiveStartShardId = aws.String(ids[len(ids)-1])
	}
	want := []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003", "shardId-000000000004"}
	if !slices.Equal(ids, want) {
		t.Errorf("DescribeStream pages = %v", ids)
	}
	// ListShards: MaxResults and NextToken.
	ids = nil
	lin := &kinesis.ListShardsInput{StreamName: aws.String("p"), MaxResults: aws.Int32(2)}
	for {
		out, err := c.ListShards(ctx, lin)
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range out.Shards {
			ids = append(ids, aws.ToString(sh.ShardId))
		}
		if out.NextToken == nil {
			break
		}
		// As AWS requires, the follow-up call names no stream.
		lin = &kinesis.ListShardsInput{NextToken: out.NextToken}
	}
	if !slices.Equal(ids, want) {
		t.Errorf("ListShards pages = %v", ids)
	}
	_, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("p"), NextToken: aws.String("x")})
	wantAPIError(t, err, "InvalidArgumentException", "NextToken and StreamName cannot be provided together.")
	out, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("p"),
		ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAfterShardId, ShardId: aws.String("shardId-000000000003")}})
	if err != nil || len(out.Shards) != 1 || aws.ToString(out.Shards[0].ShardId) != want[4] {
		t.Errorf("ListShards AFTER_SHARD_ID = %+v, %v", out, err)
	}
}

func TestListStreams(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	for i := range 5 {
		if _, err := c.CreateStream(t.Context(), &kinesis.CreateStreamInput{StreamName: aws.String(fmt.Sprintf("s%d", i)),
			ShardCount: aws.Int32(1)}); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	p := kinesis.NewListStreamsPaginator(c, &kinesis.ListStreamsInput{Limit: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if len(out.StreamSummaries) != len(out.StreamNames) {
			t.Fatalf("summaries %d != names %d", len(out.StreamSummaries), len(out.StreamNames))
		}
		names = append(names, out.StreamNames...)
	}
	if !slices.Equal(names, []string{"s0", "s1", "s2", "s3", "s4"}) {
		t.Errorf("ListStreams = %v", names)
	}
	out, err := c.ListStreams(t.Context(), &kinesis.ListStreamsInput{ExclusiveStartStreamName: aws.String("s3")})
	if err != nil || !slices.Equal(out.StreamNames, []string{"s4"}) || aws.ToBool(out.HasMoreStreams) {
		t.Errorf("ListStreams after s3 = %+v, %v", out, err)
	}
}

func TestTags(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	createStream(t, c, "t", 1)
	ctx := t.Context()
	if _, err := c.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("t"),
		Tags: map[string]string{"b": "2", "a": "1", "c": "3"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RemoveTagsFromStream(ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: aws.String("t"),
		TagKeys: []string{"c", "absent"}}); err != nil {
		t.Fatal(err)
	}
	out, err := c.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String("t"), Limit: aws.Int32(1)})
	if err != nil || len(out.Tags) != 1 || aws.ToString(out.Tags[0].Key) != "a" || !aws.ToBool(out.HasMoreTags) {
		t.Fatalf("first page = %+v, %v", out, err)
	}
	out, err = c.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String("t"), ExclusiveStartTagKey: aws.String("a")})
	if err != nil || len(out.Tags) != 1 || aws.ToString(out.Tags[0].Key) != "b" || aws.ToString(out.Tags[0].Value) != "2" ||
		aws.ToBool(out.HasMoreTags) {
		t.Fatalf("second page = %+v, %v", out, err)
	}
	tags := map[string]string{}
	for i := range 51 {
		tags[fmt.Sprint(i)] = "v"
	}
	for len(tags) > 0 {
		batch := map[string]string{}
		for k, v := range tags {
			if len(batch) == 10 {
				break
			}
			batch[k] = v
			delete(tags, k)
		}
		_, err = c.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("t"), Tags: batch})
		if err != nil {
			break
		}
	}
	wantAPIError(t, err, "LimitExceededException", "")
}

func TestRetentionPeriodLimits(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	createStream(t, c, "r", 1)
	ctx := t.Context()
	inc := func(h int32) error {
		_, err := c.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: aws.String("r"), RetentionPeriodHours: aws.Int32(h)})
		return err
	}
	dec := func(h int32) error {
		_, err := c.DecreaseStreamRetentionPeriod(ctx, &kinesis.DecreaseStreamRetentionPeriodInput{StreamName: aws.String("r"), RetentionPeriodHours: aws.Int32(h)})
		return err
	}
	if err := inc(24); err != nil {
		t.Fatalf("increase to the current period (as Terraform does): %v", err)
	}
	if err := inc(48); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, inc(30), "InvalidArgumentException",
		"Requested retention period (30 hours) for stream r can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.")
	wantAPIError(t, dec(72), "InvalidArgumentException",
		"Requested retention period (72 hours) for stream r can not be longer than existing retention period (48 hours). Use IncreaseRetentionPeriod API.")
	wantAPIError(t, inc(8761), "InvalidArgumentException",
		"Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.")
	wantAPIError(t, dec(23), "InvalidArgumentException",
		"Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.")
	if err := dec(36); err != nil {
		t.Fatal(err)
	}
	sum, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("r")})
	if err != nil || aws.ToInt32(sum.StreamDescriptionSummary.RetentionPeriodHours) != 36 {
		t.Errorf("retention = %+v, %v", sum, err)
	}
}
