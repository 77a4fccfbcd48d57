package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// pythonBatchRecorder appends each event it receives as one JSON line to
// the file named by OUT. A record whose body is "crash" fails the whole
// invocation; records whose body contains "fail" are reported as batch
// item failures (SQS: messageId; Kinesis: sequenceNumber).
const pythonBatchRecorder = `import base64, json, os
def handler(event, context):
    with open(os.environ["OUT"], "a") as f:
        f.write(json.dumps(event) + "\n")
    failures = []
    for r in event.get("Records", []):
        if "kinesis" in r:
            body, ident = base64.b64decode(r["kinesis"]["data"]).decode(), r["kinesis"]["sequenceNumber"]
        else:
            body, ident = r["body"], r["messageId"]
        if body == "crash":
            raise Exception("crash requested")
        if "fail" in body:
            failures.append({"itemIdentifier": ident})
    return {"batchItemFailures": failures}
`

// createBatchRecorder creates a function running pythonBatchRecorder and
// returns the file it records events in.
func createBatchRecorder(t *testing.T, h *harness, name string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name+".jsonl")
	h.create(name, makeZip(t, map[string]string{"index.py": pythonBatchRecorder}), func(in *lambda.CreateFunctionInput) {
		in.Environment = &types.Environment{Variables: map[string]string{"OUT": out}}
	})
	h.waitActive(name)
	return out
}

// sqsRecordEvent is the part of an SQS event the tests look at.
type sqsRecordEvent struct {
	Records []struct {
		MessageID         string                     `json:"messageId"`
		ReceiptHandle     string                     `json:"receiptHandle"`
		Body              string                     `json:"body"`
		Attributes        map[string]string          `json:"attributes"`
		MessageAttributes map[string]json.RawMessage `json:"messageAttributes"`
		MD5OfBody         string                     `json:"md5OfBody"`
		MD5OfMsgAttrs     *string                    `json:"md5OfMessageAttributes"`
		EventSource       string                     `json:"eventSource"`
		EventSourceARN    string                     `json:"eventSourceARN"`
		AWSRegion         string                     `json:"awsRegion"`
	} `json:"Records"`
}

// recordedEvents reads every event the recorder wrote so far.
func recordedEvents[T any](t *testing.T, path string) []T {
	t.Helper()
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	// Only whole lines: the function may be writing the next one.
	lines := bytes.Split(data, []byte("\n"))
	var out []T
	for _, line := range lines[:len(lines)-1] {
		var ev T
		if err := json.Unmarshal(line, &ev); err != nil {
			t.Fatalf("recorded event %q: %v", line, err)
		}
		out = append(out, ev)
	}
	return out
}

// eventually polls cond until it holds; waitBound only stops a broken
// test from hanging.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(waitBound); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting: %s", what)
}

func (h *harness) sqsClient() *sqs.Client {
	return sqs.New(sqs.Options{
		Region: testRegion, BaseEndpoint: aws.String(h.server.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
	})
}

// createQueue creates a queue and returns its URL and ARN.
func createQueue(t *testing.T, c *sqs.Client, name string, attrs map[string]string) (url, arn string) {
	t.Helper()
	out, err := c.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("CreateQueue %s: %v", name, err)
	}
	return aws.ToString(out.QueueUrl), sqsPrefix + name
}

func sendBodies(t *testing.T, c *sqs.Client, url string, bodies ...string) {
	t.Helper()
	for len(bodies) > 0 {
		n := min(10, len(bodies))
		var entries []sqstypes.SendMessageBatchRequestEntry
		for i, b := range bodies[:n] {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(b)})
		}
		out, err := c.SendMessageBatch(context.Background(), &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
		if err != nil || len(out.Failed) > 0 {
			t.Fatalf("SendMessageBatch: %v %+v", err, out)
		}
		bodies = bodies[n:]
	}
}

// queueCounts returns the visible and in-flight message counts.
func queueCounts(t *testing.T, c *sqs.Client, url string) (visible, inFlight int) {
	t.Helper()
	out, err := c.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{
			sqstypes.QueueAttributeNameApproximateNumberOfMessages, sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		},
	})
	if err != nil {
		t.Fatalf("GetQueueAttributes: %v", err)
	}
	visible, _ = strconv.Atoi(out.Attributes["ApproximateNumberOfMessages"])
	inFlight, _ = strconv.Atoi(out.Attributes["ApproximateNumberOfMessagesNotVisible"])
	return visible, inFlight
}

// waitEmpty waits until the queue holds no message at all.
func waitEmpty(t *testing.T, c *sqs.Client, url string) {
	t.Helper()
	eventually(t, "queue "+url+" to be empty", func() bool {
		v, f := queueCounts(t, c, url)
		return v == 0 && f == 0
	})
}

func createMapping(t *testing.T, h *harness, in *lambda.CreateEventSourceMappingInput) *lambda.CreateEventSourceMappingOutput {
	t.Helper()
	out, err := h.client.CreateEventSourceMapping(context.Background(), in)
	if err != nil {
		t.Fatalf("CreateEventSourceMapping: %v", err)
	}
	return out
}

// waitMappingState polls GetEventSourceMapping until the state is want.
func waitMappingState(t *testing.T, h *harness, uuid, want string) *lambda.GetEventSourceMappingOutput {
	t.Helper()
	var out *lambda.GetEventSourceMappingOutput
	eventually(t, "mapping "+uuid+" to be "+want, func() bool {
		var err error
		out, err = h.client.GetEventSourceMapping(context.Background(), &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
		if err != nil {
			t.Fatalf("GetEventSourceMapping: %v", err)
		}
		return aws.ToString(out.State) == want
	})
	return out
}
