package engine_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// kinesisRecordEvent is the part of a Kinesis event the tests look at.
type kinesisRecordEvent struct {
	Records []struct {
		Kinesis struct {
			SchemaVersion  string  `json:"kinesisSchemaVersion"`
			PartitionKey   string  `json:"partitionKey"`
			SequenceNumber string  `json:"sequenceNumber"`
			Data           string  `json:"data"`
			Arrival        float64 `json:"approximateArrivalTimestamp"`
		} `json:"kinesis"`
		EventSource       string `json:"eventSource"`
		EventVersion      string `json:"eventVersion"`
		EventID           string `json:"eventID"`
		EventName         string `json:"eventName"`
		InvokeIdentityArn string `json:"invokeIdentityArn"`
		AWSRegion         string `json:"awsRegion"`
		EventSourceARN    string `json:"eventSourceARN"`
	} `json:"Records"`
}

func (h *harness) kinesisClient() *kinesis.Client {
	return kinesis.New(kinesis.Options{
		Region: testRegion, BaseEndpoint: aws.String(h.server.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
	})
}

// createStream creates a one-shard stream, waits for it to be ACTIVE and
// returns its ARN.
func createStream(t *testing.T, c *kinesis.Client, name string) string {
	t.Helper()
	ctx := context.Background()
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	var arn string
	eventually(t, "stream "+name+" ACTIVE", func() bool {
		out, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
		if err != nil {
			t.Fatalf("DescribeStreamSummary: %v", err)
		}
		arn = aws.ToString(out.StreamDescriptionSummary.StreamARN)
		return out.StreamDescriptionSummary.StreamStatus == kinesistypes.StreamStatusActive
	})
	return arn
}

func putRecords(t *testing.T, c *kinesis.Client, stream string, keyOf func(i int) string, datas ...string) {
	t.Helper()
	for i, d := range datas {
		if _, err := c.PutRecord(context.Background(), &kinesis.PutRecordInput{
			StreamName: aws.String(stream), PartitionKey: aws.String(keyOf(i)), Data: []byte(d),
		}); err != nil {
			t.Fatalf("PutRecord: %v", err)
		}
	}
}

func decoded(t *testing.T, data string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// TestESMKinesisInOrder: records reach the function in AWS's shape, in
// order per partition key (with ParallelizationFactor 2), in batches of at
// most BatchSize; after a restart the mapping resumes from its checkpoint.
func TestESMKinesisInOrder(t *testing.T) {
	requirePython(t)
	dir := t.TempDir()
	h := startEngine(t, dir, engine.Config{})
	ks := h.kinesisClient()
	arn := createStream(t, ks, "orders")
	out := createBatchRecorder(t, h, "ordered")
	m := createMapping(t, h, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("ordered"), StartingPosition: types.EventSourcePositionTrimHorizon,
		BatchSize: aws.Int32(7), ParallelizationFactor: aws.Int32(2),
	})
	if aws.ToString(m.StateTransitionReason) != "User action" || aws.ToInt32(m.MaximumRetryAttempts) != -1 ||
		aws.ToInt32(m.MaximumRecordAgeInSeconds) != -1 || m.DestinationConfig == nil || m.StartingPosition != types.EventSourcePositionTrimHorizon {
		t.Fatalf("create = %+v", m)
	}
	key := func(i int) string { return "k" + strconv.Itoa(i%3) }
	var datas []string
	for i := range 30 {
		datas = append(datas, strconv.Itoa(i))
	}
	putRecords(t, ks, "orders", key, datas...)

	var delivered []string
	eventually(t, "30 records delivered", func() bool {
		delivered = delivered[:0]
		last := map[string]int{}
		for _, ev := range recordedEvents[kinesisRecordEvent](t, out) {
			if len(ev.Records) > 7 {
				t.Fatalf("batch of %d records; BatchSize is 7", len(ev.Records))
			}
			for _, r := range ev.Records {
				k := r.Kinesis
				n, _ := strconv.Atoi(decoded(t, k.Data))
				if prev, ok := last[k.PartitionKey]; ok && n <= prev {
					t.Fatalf("key %s: record %d after %d", k.PartitionKey, n, prev)
				}
				last[k.PartitionKey] = n
				if r.EventSource != "aws:kinesis" || r.EventVersion != "1.0" || r.EventName != "aws:kinesis:record" ||
					r.EventID != "shardId-000000000000:"+k.SequenceNumber || r.InvokeIdentityArn != testRole ||
					r.AWSRegion != testRegion || r.EventSourceARN != arn || k.SchemaVersion != "1.0" || k.Arrival == 0 {
					t.Fatalf("record = %+v", r)
				}
				delivered = append(delivered, k.Data)
			}
		}
		return len(delivered) >= 30
	})

	h.stop()
	h = startEngine(t, dir, engine.Config{})
	before := len(recordedEvents[kinesisRecordEvent](t, out))
	putRecords(t, h.kinesisClient(), "orders", key, "after-restart")
	eventually(t, "the record put after the restart", func() bool {
		evs := recordedEvents[kinesisRecordEvent](t, out)
		for _, ev := range evs[before:] {
			for _, r := range ev.Records {
				if decoded(t, r.Kinesis.Data) == "0" {
					t.Fatal("after a restart the mapping read the shard from the start again")
				}
				if decoded(t, r.Kinesis.Data) == "after-restart" {
					return true
				}
			}
		}
		return false
	})
}

// TestESMKinesisOnFailure: a batch that keeps failing is retried
// MaximumRetryAttempts times, then described in the on-failure queue, and
// the shard moves on.
func TestESMKinesisOnFailure(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{})
	ks, sq := h.kinesisClient(), h.sqsClient()
	arn := createStream(t, ks, "failing")
	dlqURL, dlqARN := createQueue(t, sq, "stream-failures", nil)
	out := createBatchRecorder(t, h, "crashy")
	createMapping(t, h, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("crashy"), StartingPosition: types.EventSourcePositionTrimHorizon,
		BatchSize: aws.Int32(1), MaximumRetryAttempts: aws.Int32(1),
		DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(dlqARN)}},
	})
	putRecords(t, ks, "failing", func(int) string { return "p" }, "crash", "fine")

	body := receiveBodies(t, sq, dlqURL, 1)[0]
	var rec struct {
		RequestContext struct {
			Condition              string `json:"condition"`
			ApproximateInvokeCount int    `json:"approximateInvokeCount"`
			FunctionArn            string `json:"functionArn"`
		} `json:"requestContext"`
		ResponseContext struct {
			FunctionError string `json:"functionError"`
		} `json:"responseContext"`
		Version          string `json:"version"`
		KinesisBatchInfo struct {
			ShardID   string `json:"shardId"`
			BatchSize int    `json:"batchSize"`
			StreamArn string `json:"streamArn"`
		} `json:"KinesisBatchInfo"`
	}
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.RequestContext.Condition != "RetryAttemptsExhausted" || rec.RequestContext.ApproximateInvokeCount != 2 ||
		rec.RequestContext.FunctionArn != "arn:aws:lambda:us-east-1:000000000000:function:crashy" ||
		rec.ResponseContext.FunctionError != "Unhandled" || rec.Version != "1.0" ||
		rec.KinesisBatchInfo.ShardID != "shardId-000000000000" || rec.KinesisBatchInfo.BatchSize != 1 || rec.KinesisBatchInfo.StreamArn != arn {
		t.Fatalf("failure record = %s", body)
	}
	eventually(t, "the next record processed", func() bool {
		var datas []string
		for _, ev := range recordedEvents[kinesisRecordEvent](t, out) {
			for _, r := range ev.Records {
				datas = append(datas, decoded(t, r.Kinesis.Data))
			}
		}
		return strings.Join(datas, ",") == "crash,crash,fine"
	})
}

// TestESMKinesisValidation: stream mappings need a starting position and
// take only AWS's record ages.
func TestESMKinesisValidation(t *testing.T) {
	h := startEngine(t, t.TempDir(), engine.Config{})
	arn := createStream(t, h.kinesisClient(), "v")
	h.create("fn", makeZip(t, map[string]string{"index.py": "def handler(e, c):\n    return None\n"}))
	h.waitActive("fn")
	ctx := context.Background()
	_, err := h.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("fn")})
	wantAPIError(t, err, "InvalidParameterValueException",
		"1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.")
	_, err = h.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("fn"), StartingPosition: types.EventSourcePositionLatest,
		MaximumRecordAgeInSeconds: aws.Int32(30),
	})
	wantAPIError(t, err, "InvalidParameterValueException", "MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)")
	missing := strings.Replace(arn, "stream/v", "stream/missing", 1)
	_, err = h.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(missing), FunctionName: aws.String("fn"), StartingPosition: types.EventSourcePositionLatest,
	})
	wantAPIError(t, err, "InvalidParameterValueException", "Stream not found: "+missing)
	first := createMapping(t, h, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("fn"), StartingPosition: types.EventSourcePositionLatest,
	})
	_, err = h.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("fn"), StartingPosition: types.EventSourcePositionLatest,
	})
	wantAPIError(t, err, "ResourceConflictException", fmt.Sprintf(`The event source arn (" %s ") and function (" fn ") provided mapping already exists. `+
		`Please update or delete the existing mapping with UUID %s`, arn, aws.ToString(first.UUID)))
}
