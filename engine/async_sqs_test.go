package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// TestAsyncDeliversToEngineSQS runs the failure path end to end through
// the engine's own SQS service: the on-failure record and the dead letter
// are read back with the real SQS client.
func TestAsyncDeliversToEngineSQS(t *testing.T) {
	requirePython(t)
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{AsyncRetryBase: fastRetries})
	client := sqs.New(sqs.Options{
		Region: testRegion, BaseEndpoint: aws.String(h.server.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
	})
	urls := map[string]string{}
	for _, name := range []string{"records", "dead"} {
		out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)})
		if err != nil {
			t.Fatalf("CreateQueue %s: %v", name, err)
		}
		urls[name] = aws.ToString(out.QueueUrl)
	}
	createRecorder(t, h, "viasqs", func(in *lambda.CreateFunctionInput) {
		in.DeadLetterConfig = &types.DeadLetterConfig{TargetArn: aws.String(sqsPrefix + "dead")}
	})
	putEventConfig(t, h, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName: aws.String("viasqs"), MaximumRetryAttempts: aws.Int32(1), DestinationConfig: onFailure(sqsPrefix + "records"),
	})
	id := invokeEvent(t, h.client, "viasqs", `{"fail":"yes"}`)

	rec := parseRecord(t, aws.ToString(receiveOne(t, client, urls["records"]).Body))
	if rec.RequestContext.RequestID != id || rec.RequestContext.Condition != "RetriesExhausted" || rec.RequestContext.ApproximateInvokeCount != 2 {
		t.Fatalf("record = %+v", rec.RequestContext)
	}
	dl := receiveOne(t, client, urls["dead"])
	a := dl.MessageAttributes
	if aws.ToString(dl.Body) != `{"fail":"yes"}` || aws.ToString(a["RequestID"].StringValue) != id ||
		aws.ToString(a["ErrorCode"].DataType) != "Number" || aws.ToString(a["ErrorCode"].StringValue) != "200" ||
		aws.ToString(a["ErrorMessage"].StringValue) != "intentional failure" {
		t.Fatalf("dead letter = %s %+v", aws.ToString(dl.Body), a)
	}
}

// receiveOne long-polls queueURL until a message arrives (bounded by
// waitBound, which only stops a broken test from hanging).
func receiveOne(t *testing.T, client *sqs.Client, queueURL string) sqstypes.Message {
	t.Helper()
	for deadline := time.Now().Add(waitBound); time.Now().Before(deadline); {
		out, err := client.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(queueURL), WaitTimeSeconds: 1, MessageAttributeNames: []string{"All"},
		})
		if err != nil {
			t.Fatalf("ReceiveMessage: %v", err)
		}
		if len(out.Messages) > 0 {
			return out.Messages[0]
		}
	}
	t.Fatalf("no message in %s", queueURL)
	return sqstypes.Message{}
}
