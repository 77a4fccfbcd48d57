package sqs

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

func TestRedriveToDeadLetterQueue(t *testing.T) {
	clock := newTestClock()
	c := newTestClient(t, openTestStore(t, Options{Now: clock.Now}))
	dlq := aws.String(createQueue(t, c, "dead", nil))
	src := aws.String(createQueue(t, c, "src", map[string]string{"VisibilityTimeout": "10",
		"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dead","maxReceiveCount":2}`}))
	sent := send(t, c, *src, "poison")
	for i := range 2 {
		if got := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: src}); len(got.Messages) != 1 {
			t.Fatalf("receive %d got %d messages", i+1, len(got.Messages))
		}
		clock.Advance(10e9)
	}
	// The third receive finds it past maxReceiveCount and moves it instead.
	if got := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: src}); len(got.Messages) != 0 {
		t.Fatalf("received %v after maxReceiveCount", bodies(got))
	}
	wantCounts(t, c, *src, "0", "0", "0")
	got := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: dlq, MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"}})
	if len(got.Messages) != 1 {
		t.Fatal("dead-letter queue is empty")
	}
	m := got.Messages[0]
	if aws.ToString(m.MessageId) != aws.ToString(sent.MessageId) || aws.ToString(m.Body) != "poison" ||
		m.Attributes["DeadLetterQueueSourceArn"] != "arn:aws:sqs:us-east-1:123456789012:src" {
		t.Errorf("dead-lettered message = %+v", m)
	}
}

func TestRedrivePolicyValidation(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	createQueue(t, c, "std", nil)
	fifo := createQueue(t, c, "f.fifo", map[string]string{"FifoQueue": "true"})
	policy := `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:std","maxReceiveCount":1}`
	_, err := c.SetQueueAttributes(t.Context(), &sqs.SetQueueAttributesInput{QueueUrl: aws.String(fifo),
		Attributes: map[string]string{"RedrivePolicy": policy}})
	wantAPIError(t, err, "InvalidParameterValue",
		"Value "+policy+" for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source.")
	_, err = c.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String("x"), Attributes: map[string]string{
		"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:std","maxReceiveCount":0}`}})
	wantAPIError(t, err, "InvalidParameterValue", "")
	// An empty RedrivePolicy removes it, as terraform-provider-aws sends.
	src := createQueue(t, c, "src", map[string]string{"RedrivePolicy": policy})
	if _, err := c.SetQueueAttributes(t.Context(), &sqs.SetQueueAttributesInput{QueueUrl: aws.String(src),
		Attributes: map[string]string{"RedrivePolicy": ""}}); err != nil {
		t.Fatal(err)
	}
	out, err := c.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(src),
		AttributeNames: []types.QueueAttributeName{"RedrivePolicy"}})
	if err != nil || len(out.Attributes) != 0 {
		t.Errorf("RedrivePolicy after removal = %v, %v", out.Attributes, err)
	}
}
