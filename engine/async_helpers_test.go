package engine_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
)

// pythonRecorder appends its request ID to the file named by OUT (one line
// per attempt) and fails when the event asks it to.
const pythonRecorder = `import os
def handler(event, context):
    print("got", event)
    with open(os.environ["OUT"], "a") as f:
        f.write(context.aws_request_id + "\n")
    if isinstance(event, dict) and event.get("fail"):
        raise Exception("intentional failure")
    return {"ok": True, "echo": event}
`

// sqsPrefix is the ARN prefix of the in-memory test queues.
const sqsPrefix = "arn:aws:sqs:us-east-1:000000000000:"

// memMessage is a message the in-memory queues received.
type memMessage struct {
	Body  string
	Attrs map[string]async.Attribute
}

// memQueues is an in-memory async.QueueSender. Queues must be created
// first; sending to any other ARN fails, as SQS does for a missing queue.
type memQueues struct {
	mu     sync.Mutex
	queues map[string][]memMessage
	cond   *sync.Cond
}

func newMemQueues(names ...string) *memQueues {
	m := &memQueues{queues: map[string][]memMessage{}}
	m.cond = sync.NewCond(&m.mu)
	for _, n := range names {
		m.queues[sqsPrefix+n] = nil
	}
	return m
}

func (m *memQueues) SendByARN(_ context.Context, arn, body string, attrs map[string]async.Attribute) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	msgs, ok := m.queues[arn]
	if !ok {
		return os.ErrNotExist
	}
	m.queues[arn] = append(msgs, memMessage{Body: body, Attrs: attrs})
	m.cond.Broadcast()
	return nil
}

// first returns the first message of queue, waiting (up to waitBound,
// which only stops a broken test from hanging) until it arrives.
func (m *memQueues) first(t *testing.T, name string) memMessage {
	t.Helper()
	timer := time.AfterFunc(waitBound, func() { m.mu.Lock(); m.cond.Broadcast(); m.mu.Unlock() })
	defer timer.Stop()
	deadline := time.Now().Add(waitBound)
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.queues[sqsPrefix+name]) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("queue %s received nothing", name)
		}
		m.cond.Wait()
	}
	return m.queues[sqsPrefix+name][0]
}

// destRecord is AWS's destination invocation record.
type destRecord struct {
	Version        string `json:"version"`
	Timestamp      string `json:"timestamp"`
	RequestContext struct {
		RequestID              string `json:"requestId"`
		FunctionArn            string `json:"functionArn"`
		Condition              string `json:"condition"`
		ApproximateInvokeCount int    `json:"approximateInvokeCount"`
	} `json:"requestContext"`
	RequestPayload  map[string]any `json:"requestPayload"`
	ResponseContext *struct {
		StatusCode      int    `json:"statusCode"`
		ExecutedVersion string `json:"executedVersion"`
		FunctionError   string `json:"functionError"`
	} `json:"responseContext"`
	ResponsePayload map[string]any `json:"responsePayload"`
}

func parseRecord(t *testing.T, body string) destRecord {
	t.Helper()
	var r destRecord
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("record %s: %v", body, err)
	}
	if r.Version != "1.0" {
		t.Fatalf("record version %q in %s", r.Version, body)
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000Z", r.Timestamp); err != nil {
		t.Fatalf("record timestamp %q: %v", r.Timestamp, err)
	}
	return r
}

// createRecorder creates a python3.12 function running pythonRecorder that
// writes to a fresh file, and returns that file's path.
func createRecorder(t *testing.T, h *harness, name string, mod ...func(*lambda.CreateFunctionInput)) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name+".log")
	h.create(name, makeZip(t, map[string]string{"index.py": pythonRecorder}), append([]func(*lambda.CreateFunctionInput){
		func(in *lambda.CreateFunctionInput) {
			in.Environment = &types.Environment{Variables: map[string]string{"OUT": out}}
		},
	}, mod...)...)
	h.waitActive(name)
	return out
}

// invokeEvent invokes name asynchronously and returns the request ID of
// the accepted (202) event.
func invokeEvent(t *testing.T, client *lambda.Client, name, payload string) string {
	t.Helper()
	out, err := client.Invoke(context.Background(), &lambda.InvokeInput{
		FunctionName: aws.String(name), InvocationType: types.InvocationTypeEvent, Payload: []byte(payload),
	})
	if err != nil || out.StatusCode != 202 {
		t.Fatalf("Event invoke of %s: %v %v", name, out, err)
	}
	id := requestID(out)
	if id == "" {
		t.Fatal("202 without a request ID")
	}
	return id
}

func requestID(out *lambda.InvokeOutput) string {
	id, _ := awsmw.GetRequestIDMetadata(out.ResultMetadata)
	return id
}

// lines reads the recorder's output file.
func lines(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(raw))
}

func putEventConfig(t *testing.T, h *harness, in *lambda.PutFunctionEventInvokeConfigInput) *lambda.PutFunctionEventInvokeConfigOutput {
	t.Helper()
	out, err := h.client.PutFunctionEventInvokeConfig(context.Background(), in)
	if err != nil {
		t.Fatalf("PutFunctionEventInvokeConfig: %v", err)
	}
	return out
}

func onFailure(arn string) *types.DestinationConfig {
	return &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(arn)}}
}
