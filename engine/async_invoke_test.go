package engine_test

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// fastRetries keeps the AWS retry schedule's shape (n × base) but short.
const fastRetries = 20 * time.Millisecond

func TestAsyncRetriesEndInOnFailureDestination(t *testing.T) {
	requirePython(t)
	for _, tc := range []struct {
		name    string
		retries *int32 // nil: AWS's default of 2
	}{
		{"default", nil}, {"none", aws.Int32(0)}, {"one", aws.Int32(1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			queues := newMemQueues("failures")
			h := startEngine(t, t.TempDir(), engine.Config{AsyncRetryBase: fastRetries, AsyncQueues: queues})
			out := createRecorder(t, h, "fails")
			putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{
				FunctionName: aws.String("fails"), MaximumRetryAttempts: tc.retries,
				DestinationConfig: onFailure(sqsPrefix + "failures"),
			})
			id := invokeEvent(t, h.client, "fails", `{"fail":true,"n":7}`)
			rec := parseRecord(t, queues.first(t, "failures").Body)

			want := 1 + int(aws.ToInt32(tc.retries))
			if tc.retries == nil {
				want = 3
			}
			rc := rec.RequestContext
			if rc.Condition != "RetriesExhausted" || rc.ApproximateInvokeCount != want || rc.RequestID != id ||
				rc.FunctionArn != fnARN+"fails:$LATEST" {
				t.Fatalf("requestContext = %+v, want RetriesExhausted after %d attempts of %s", rc, want, id)
			}
			if rec.RequestPayload["n"] != 7.0 || rec.ResponseContext == nil || rec.ResponseContext.StatusCode != 200 ||
				rec.ResponseContext.FunctionError != "Unhandled" || rec.ResponseContext.ExecutedVersion != "$LATEST" ||
				rec.ResponsePayload["errorMessage"] != "intentional failure" {
				t.Fatalf("record = %+v", rec)
			}
			if got := lines(t, out); len(got) != want || slices.ContainsFunc(got, func(s string) bool { return s != id }) {
				t.Fatalf("attempts = %v, want %d × %s", got, want, id)
			}
			if s := h.engine.AsyncStats(); s.AsyncEventsReceived != 1 || s.AsyncEventsDropped != 1 {
				t.Errorf("stats = %+v", s)
			}
		})
	}
}

func TestAsyncDeadLetterQueueAndOnFailureBothReceive(t *testing.T) {
	requirePython(t)
	queues := newMemQueues("dlq", "failures")
	h := startEngine(t, t.TempDir(), engine.Config{AsyncRetryBase: fastRetries, AsyncQueues: queues})
	out := createRecorder(t, h, "dead", func(in *lambda.CreateFunctionInput) {
		in.DeadLetterConfig = &types.DeadLetterConfig{TargetArn: aws.String(sqsPrefix + "dlq")}
	})
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName: aws.String("dead"), MaximumRetryAttempts: aws.Int32(1), DestinationConfig: onFailure(sqsPrefix + "failures"),
	})
	id := invokeEvent(t, h.client, "dead", `{"fail":1}`)
	msg := queues.first(t, "dlq")
	if msg.Body != `{"fail":1}` {
		t.Errorf("DLQ body = %s, want the original event", msg.Body)
	}
	a := msg.Attrs
	if a["RequestID"].StringValue != id || a["RequestID"].DataType != "String" ||
		a["ErrorCode"].StringValue != "200" || a["ErrorCode"].DataType != "Number" ||
		a["ErrorMessage"].StringValue != "intentional failure" || a["ErrorMessage"].DataType != "String" {
		t.Errorf("DLQ attributes = %+v", a)
	}
	rec := parseRecord(t, queues.first(t, "failures").Body)
	if rec.RequestContext.ApproximateInvokeCount != 2 || len(lines(t, out)) != 2 {
		t.Errorf("record %+v after attempts %v", rec.RequestContext, lines(t, out))
	}
}

func TestAsyncDeadLetterQueueWithoutEventInvokeConfig(t *testing.T) {
	requirePython(t)
	queues := newMemQueues("dlq")
	h := startEngine(t, t.TempDir(), engine.Config{AsyncRetryBase: fastRetries, AsyncQueues: queues})
	out := createRecorder(t, h, "plain", func(in *lambda.CreateFunctionInput) {
		in.DeadLetterConfig = &types.DeadLetterConfig{TargetArn: aws.String(sqsPrefix + "dlq")}
	})
	id := invokeEvent(t, h.client, "plain", `{"fail":2}`)
	msg := queues.first(t, "dlq")
	if msg.Attrs["RequestID"].StringValue != id || len(lines(t, out)) != 3 {
		t.Fatalf("DLQ message %+v after attempts %v, want 3 attempts (AWS's default)", msg, lines(t, out))
	}
}

func TestAsyncSuccessReachesOnSuccessDestinations(t *testing.T) {
	requirePython(t)
	queues := newMemQueues("successes")
	h := startEngine(t, t.TempDir(), engine.Config{AsyncRetryBase: fastRetries, AsyncQueues: queues})
	createRecorder(t, h, "works")
	sinkOut := createRecorder(t, h, "sink")
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName:      aws.String("works"),
		DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(sqsPrefix + "successes")}},
	})
	id := invokeEvent(t, h.client, "works", `{"hello":"world"}`)
	rec := parseRecord(t, queues.first(t, "successes").Body)
	echo, _ := rec.ResponsePayload["echo"].(map[string]any)
	if rec.RequestContext.Condition != "Success" || rec.RequestContext.ApproximateInvokeCount != 1 || rec.RequestContext.RequestID != id ||
		rec.ResponseContext == nil || rec.ResponseContext.FunctionError != "" || rec.ResponsePayload["ok"] != true || echo["hello"] != "world" {
		t.Fatalf("record = %+v", rec)
	}

	// A function destination is invoked asynchronously with the record.
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName:      aws.String("works"),
		DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(fnARN + "sink")}},
	})
	invokeEvent(t, h.client, "works", `{"to":"sink"}`)
	waitForLog(t, h, "/aws/lambda/sink", "'condition': 'Success'")
	if got := lines(t, sinkOut); len(got) != 1 {
		t.Fatalf("sink ran %d times", len(got))
	}
}

func TestAsyncMaximumEventAge(t *testing.T) {
	requirePython(t)
	queues := newMemQueues("failures")
	// With a first retry due after 61 s, a 60 s maximum age cannot allow
	// it: like AWS, the event ends at once rather than waiting to expire.
	h := startEngine(t, t.TempDir(), engine.Config{AsyncRetryBase: 61 * time.Second, AsyncQueues: queues})
	out := createRecorder(t, h, "ages")
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName: aws.String("ages"), MaximumRetryAttempts: aws.Int32(2), MaximumEventAgeInSeconds: aws.Int32(60),
		DestinationConfig: onFailure(sqsPrefix + "failures"),
	})
	id := invokeEvent(t, h.client, "ages", `{"fail":true}`)
	rec := parseRecord(t, queues.first(t, "failures").Body)
	if rec.RequestContext.Condition != "EventAgeExceeded" || rec.RequestContext.ApproximateInvokeCount != 1 ||
		rec.RequestContext.RequestID != id || rec.ResponseContext == nil || rec.ResponseContext.FunctionError != "Unhandled" {
		t.Fatalf("record = %+v", rec)
	}
	if got := lines(t, out); len(got) != 1 {
		t.Fatalf("attempts = %v, want 1", got)
	}
}

func TestAsyncDeliveryFailuresAreCounted(t *testing.T) {
	requirePython(t)
	queues := newMemQueues("exists")
	h := startEngine(t, t.TempDir(), engine.Config{AsyncRetryBase: fastRetries, AsyncQueues: queues})
	createRecorder(t, h, "lost", func(in *lambda.CreateFunctionInput) {
		in.DeadLetterConfig = &types.DeadLetterConfig{TargetArn: aws.String(sqsPrefix + "missing-dlq")}
	})
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName: aws.String("lost"), MaximumRetryAttempts: aws.Int32(0),
		DestinationConfig: onFailure("arn:aws:sns:us-east-1:000000000000:topic"),
	})
	invokeEvent(t, h.client, "lost", `{"fail":true}`)
	// The SNS destination is stored but the engine has no SNS: a delivery
	// failure. The DLQ does not exist: a dead-letter error.
	deadline := time.Now().Add(waitBound)
	for s := h.engine.AsyncStats(); s.DeadLetterErrors == 0 || s.DestinationDeliveryFailures == 0; s = h.engine.AsyncStats() {
		if time.Now().After(deadline) {
			t.Fatalf("stats = %+v", s)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if s := h.engine.AsyncStats(); s.DeadLetterErrors != 1 || s.DestinationDeliveryFailures != 1 || s.AsyncEventsDropped != 1 {
		t.Fatalf("stats = %+v", s)
	}
}
