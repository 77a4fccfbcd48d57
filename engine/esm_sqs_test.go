package engine_test

import (
	"bytes"
	"context"
	"crypto/md5" //nolint:gosec // SQS defines md5OfBody as MD5
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// TestESMSQSDeliversBatches: every message reaches the function exactly in
// AWS's event shape, in batches of at most BatchSize, and the queue ends
// empty.
func TestESMSQSDeliversBatches(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{})
	sq := h.sqsClient()
	url, arn := createQueue(t, sq, "work", nil)
	out := createBatchRecorder(t, h, "worker")
	m := createMapping(t, h, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("worker"), BatchSize: aws.Int32(4),
	})
	waitMappingState(t, h, aws.ToString(m.UUID), "Enabled")

	_, err := sq.SendMessage(context.Background(), &sqs.SendMessageInput{
		QueueUrl: aws.String(url), MessageBody: aws.String(`{"n":0}`),
		MessageAttributes: map[string]sqstypes.MessageAttributeValue{
			"color": {DataType: aws.String("String"), StringValue: aws.String("red")},
			"blob":  {DataType: aws.String("Binary"), BinaryValue: []byte{1, 2}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for i := 1; i < 21; i++ {
		bodies = append(bodies, fmt.Sprintf(`{"n":%d}`, i))
	}
	sendBodies(t, sq, url, bodies...)

	seen := map[string]bool{}
	eventually(t, "21 messages delivered", func() bool {
		seen = map[string]bool{}
		for _, ev := range recordedEvents[sqsRecordEvent](t, out) {
			if len(ev.Records) == 0 || len(ev.Records) > 4 {
				t.Fatalf("batch of %d records, BatchSize is 4", len(ev.Records))
			}
			for _, r := range ev.Records {
				seen[r.Body] = true
				checkSQSRecord(t, r.Body, r.MD5OfBody, r.EventSource, r.EventSourceARN, r.AWSRegion, arn, r.Attributes)
				if r.Body == `{"n":0}` {
					checkAttributes(t, r.MessageAttributes, r.MD5OfMsgAttrs)
				}
			}
		}
		return len(seen) == 21
	})
	waitEmpty(t, sq, url)
}

func checkSQSRecord(t *testing.T, body, md5Body, source, sourceARN, region, wantARN string, attrs map[string]string) {
	t.Helper()
	sum := md5.Sum([]byte(body)) //nolint:gosec // as above
	if md5Body != hex.EncodeToString(sum[:]) || source != "aws:sqs" || sourceARN != wantARN || region != testRegion {
		t.Fatalf("record of %s: md5 %s source %s arn %s region %s", body, md5Body, source, sourceARN, region)
	}
	for _, k := range []string{"ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"} {
		if attrs[k] == "" {
			t.Fatalf("record of %s lacks attribute %s: %v", body, k, attrs)
		}
	}
}

func checkAttributes(t *testing.T, attrs map[string]json.RawMessage, md5Attrs *string) {
	t.Helper()
	want := map[string]string{
		"color": `{"stringValue":"red","stringListValues":[],"binaryListValues":[],"dataType":"String"}`,
		"blob":  `{"binaryValue":"AQI=","stringListValues":[],"binaryListValues":[],"dataType":"Binary"}`,
	}
	for k, w := range want {
		var got bytes.Buffer
		if err := json.Compact(&got, attrs[k]); err != nil || got.String() != w {
			t.Fatalf("messageAttributes[%s] = %s, want %s", k, attrs[k], w)
		}
	}
	if md5Attrs == nil || len(*md5Attrs) != 32 {
		t.Fatalf("md5OfMessageAttributes = %v", md5Attrs)
	}
}

// TestESMSQSPartialBatchFailures: with ReportBatchItemFailures only the
// reported messages come back (and, past maxReceiveCount, reach the
// dead-letter queue); a function error returns the whole batch.
func TestESMSQSPartialBatchFailures(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{})
	sq := h.sqsClient()
	dlqURL, dlqARN := createQueue(t, sq, "dead", nil)
	redrive := fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":"2"}`, dlqARN)
	url, arn := createQueue(t, sq, "jobs", map[string]string{"VisibilityTimeout": "1", "RedrivePolicy": redrive})
	out := createBatchRecorder(t, h, "partial")
	createMapping(t, h, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("partial"),
		FunctionResponseTypes: []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures},
	})
	sendBodies(t, sq, url, "ok-1", "fail-1", "ok-2")
	dead := receiveBodies(t, sq, dlqURL, 1)
	if !slices.Equal(dead, []string{"fail-1"}) {
		t.Fatalf("dead letters = %v, want only the reported failure", dead)
	}
	waitEmpty(t, sq, url)
	for _, ev := range recordedEvents[sqsRecordEvent](t, out) {
		for _, r := range ev.Records {
			if r.Body != "fail-1" && r.Attributes["ApproximateReceiveCount"] != "1" {
				t.Fatalf("%s was delivered again although it succeeded", r.Body)
			}
		}
	}

	sendBodies(t, sq, url, "crash", "ok-3")
	dead = receiveBodies(t, sq, dlqURL, 2)
	slices.Sort(dead)
	if !slices.Equal(dead, []string{"crash", "ok-3"}) {
		t.Fatalf("dead letters = %v: a function error must return the whole batch", dead)
	}
}

// receiveBodies receives (and deletes) n messages from a queue.
func receiveBodies(t *testing.T, c *sqs.Client, url string, n int) []string {
	t.Helper()
	var got []string
	eventually(t, fmt.Sprintf("%d messages in %s", n, url), func() bool {
		out, err := c.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
		})
		if err != nil {
			t.Fatalf("ReceiveMessage: %v", err)
		}
		for _, m := range out.Messages {
			got = append(got, aws.ToString(m.Body))
			if _, err := c.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
		}
		return len(got) >= n
	})
	return got
}

// TestESMSQSFilters: only matching messages reach the function; the others
// are deleted, as AWS does.
func TestESMSQSFilters(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{})
	sq := h.sqsClient()
	url, arn := createQueue(t, sq, "filtered", nil)
	out := createBatchRecorder(t, h, "picky")
	createMapping(t, h, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String(arn), FunctionName: aws.String("picky"),
		FilterCriteria: &types.FilterCriteria{Filters: []types.Filter{
			{Pattern: aws.String(`{"body":{"kind":["keep"],"n":[{"numeric":[">",1]}]}}`)},
			{Pattern: aws.String(`{"body":[{"prefix":"plain-"}]}`)},
		}},
	})
	sendBodies(t, sq, url, `{"kind":"keep","n":2}`, `{"kind":"keep","n":1}`, `{"kind":"drop","n":5}`, "plain-text", "other")
	waitEmpty(t, sq, url)
	var got []string
	for _, ev := range recordedEvents[sqsRecordEvent](t, out) {
		for _, r := range ev.Records {
			got = append(got, r.Body)
		}
	}
	slices.Sort(got)
	if want := []string{"plain-text", `{"kind":"keep","n":2}`}; !slices.Equal(got, want) {
		t.Fatalf("delivered %v, want %v", got, want)
	}
}

// TestESMSQSDisableAndRestart: a disabled mapping leaves new messages in
// the queue; enabled again (and after an engine restart) it consumes them.
func TestESMSQSDisableAndRestart(t *testing.T) {
	requirePython(t)
	dir := t.TempDir()
	h := startEngine(t, dir, engine.Config{})
	sq := h.sqsClient()
	url, arn := createQueue(t, sq, "paused", nil)
	out := createBatchRecorder(t, h, "pausable")
	m := createMapping(t, h, &lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(arn), FunctionName: aws.String("pausable")})
	uuid := aws.ToString(m.UUID)
	waitMappingState(t, h, uuid, "Enabled")

	up, err := h.client.UpdateEventSourceMapping(context.Background(), &lambda.UpdateEventSourceMappingInput{UUID: m.UUID, Enabled: aws.Bool(false)})
	if err != nil || aws.ToString(up.State) != "Disabling" {
		t.Fatalf("disable: %v %v", up, err)
	}
	waitMappingState(t, h, uuid, "Disabled")
	sendBodies(t, sq, url, "while-disabled")
	// Nothing polls the queue any more: the message is still there to
	// receive here; made visible again at once for what follows.
	rcv, err := sq.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 2})
	if err != nil || len(rcv.Messages) != 1 {
		t.Fatalf("disabled mapping consumed the message: %v %v", rcv, err)
	}
	if _, err := sq.ChangeMessageVisibility(context.Background(), &sqs.ChangeMessageVisibilityInput{
		QueueUrl: aws.String(url), ReceiptHandle: rcv.Messages[0].ReceiptHandle, VisibilityTimeout: 0,
	}); err != nil {
		t.Fatal(err)
	}

	h.stop()
	h = startEngine(t, dir, engine.Config{})
	sq = h.sqsClient()
	if got := waitMappingState(t, h, uuid, "Disabled"); aws.ToString(got.EventSourceArn) != arn {
		t.Fatalf("after restart: %+v", got)
	}
	if _, err := h.client.UpdateEventSourceMapping(context.Background(), &lambda.UpdateEventSourceMappingInput{UUID: m.UUID, Enabled: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	waitMappingState(t, h, uuid, "Enabled")
	waitEmpty(t, sq, url)
	if evs := recordedEvents[sqsRecordEvent](t, out); len(evs) != 1 || evs[0].Records[0].Body != "while-disabled" {
		t.Fatalf("events = %+v", evs)
	}
}
