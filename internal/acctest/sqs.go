package acctest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// SQSClient returns an SQS client for the same backend as the provider: the
// engine's SQS-compatible service at the engine's endpoint, or AWS. Tests
// use it for destination and dead-letter queues, which the provider does
// not manage.
func SQSClient(t *testing.T) *sqs.Client {
	t.Helper()
	if IsAWS() {
		cfg, err := config.LoadDefaultConfig(context.Background())
		if err != nil {
			t.Fatalf("loading AWS configuration: %v", err)
		}
		return sqs.NewFromConfig(cfg)
	}
	endpoint, err := startEngine()
	if err != nil {
		t.Fatalf("starting the in-process Lambdaform engine: %v", err)
	}
	return sqs.NewFromConfig(aws.Config{
		Region:      engineRegion,
		Credentials: staticCredentials(),
	}, func(o *sqs.Options) { o.BaseEndpoint = aws.String(endpoint) })
}

// Queue is an SQS queue a test created.
type Queue struct {
	URL string
	ARN string
}

// CreateQueue creates the SQS queue name and deletes it when the test ends.
func CreateQueue(t *testing.T, name string) Queue {
	t.Helper()
	ctx, c := context.Background(), SQSClient(t)
	out, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)})
	if err != nil {
		t.Fatalf("creating SQS queue %s: %v", name, err)
	}
	q := Queue{URL: aws.ToString(out.QueueUrl)}
	t.Cleanup(func() {
		if _, err := c.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: aws.String(q.URL)}); err != nil {
			t.Errorf("deleting SQS queue %s: %v", name, err)
		}
	})
	attrs, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(q.URL), AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		t.Fatalf("reading the ARN of SQS queue %s: %v", name, err)
	}
	q.ARN = attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
	if q.ARN == "" {
		t.Fatalf("SQS queue %s has no QueueArn attribute", name)
	}
	return q
}

// ReceiveMessage long-polls the queue at url until a message arrives and
// returns it, with all its message attributes, after deleting it from the
// queue. It gives up after bound, which only stops a broken test from
// hanging.
func ReceiveMessage(t *testing.T, url string, bound time.Duration) (sqstypes.Message, error) {
	t.Helper()
	ctx, c := context.Background(), SQSClient(t)
	for deadline := time.Now().Add(bound); time.Now().Before(deadline); {
		out, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:              aws.String(url),
			WaitTimeSeconds:       1,
			MaxNumberOfMessages:   1,
			MessageAttributeNames: []string{"All"},
		})
		if err != nil {
			return sqstypes.Message{}, fmt.Errorf("receiving from SQS queue %s: %w", url, err)
		}
		if len(out.Messages) == 0 {
			continue
		}
		m := out.Messages[0]
		_, err = c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
		if err != nil {
			return m, fmt.Errorf("deleting a message from SQS queue %s: %w", url, err)
		}
		return m, nil
	}
	return sqstypes.Message{}, fmt.Errorf("no message arrived in SQS queue %s within %s", url, bound)
}
