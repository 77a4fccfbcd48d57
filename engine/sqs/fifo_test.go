package sqs

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

func group(g string) func(*sqs.SendMessageInput) {
	return func(in *sqs.SendMessageInput) { in.MessageGroupId = aws.String(g) }
}

func TestFifoOrderingAndGroups(t *testing.T) {
	clock := newTestClock()
	c := newTestClient(t, openTestStore(t, Options{Now: clock.Now}))
	url := aws.String(createQueue(t, c, "o.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"}))
	var seqs []string
	for _, m := range []struct{ body, group string }{{"a1", "A"}, {"b1", "B"}, {"a2", "A"}, {"a3", "A"}, {"b2", "B"}} {
		out := send(t, c, *url, m.body, group(m.group))
		seqs = append(seqs, aws.ToString(out.SequenceNumber))
	}
	for i := 1; i < len(seqs); i++ {
		if len(seqs[i]) != 20 || seqs[i] <= seqs[i-1] {
			t.Fatalf("sequence numbers %v do not increase", seqs)
		}
	}
	sys := []types.MessageSystemAttributeName{"All"}
	first := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 2, MessageSystemAttributeNames: sys})
	if got := strings.Join(bodies(first), ","); got != "a1,b1" {
		t.Fatalf("first receive = %s, want a1,b1", got)
	}
	m := first.Messages[0]
	if m.Attributes["MessageGroupId"] != "A" || m.Attributes["SequenceNumber"] != seqs[0] || len(m.Attributes["MessageDeduplicationId"]) != 64 {
		t.Errorf("FIFO system attributes = %v", m.Attributes)
	}
	// Both groups have a message in flight: nothing more until they are done.
	if got := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10}); len(got.Messages) != 0 {
		t.Fatalf("received %v while every group had a message in flight", bodies(got))
	}
	if _, err := c.DeleteMessage(t.Context(), &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: first.Messages[0].ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(bodies(receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})), ","); got != "a2,a3" {
		t.Fatalf("after deleting a1 received %s, want a2,a3", got)
	}
	// Every visibility timeout runs out: each group starts again from its
	// oldest undeleted message, b1 before b2.
	clock.Advance(31e9)
	if got := strings.Join(bodies(receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})), ","); got != "b1,a2,a3,b2" {
		t.Fatalf("after the timeout received %s, want b1,a2,a3,b2", got)
	}
}

func TestFifoDeduplication(t *testing.T) {
	clock := newTestClock()
	c := newTestClient(t, openTestStore(t, Options{Now: clock.Now}))
	url := createQueue(t, c, "d.fifo", map[string]string{"FifoQueue": "true"})
	dedup := func(id string) func(*sqs.SendMessageInput) {
		return func(in *sqs.SendMessageInput) {
			in.MessageGroupId, in.MessageDeduplicationId = aws.String("g"), aws.String(id)
		}
	}
	one := send(t, c, url, "one", dedup("x"))
	dup := send(t, c, url, "one again", dedup("x"))
	if aws.ToString(dup.MessageId) != aws.ToString(one.MessageId) || aws.ToString(dup.SequenceNumber) != aws.ToString(one.SequenceNumber) {
		t.Errorf("duplicate send = %+v, want the original's %+v", dup, one)
	}
	wantCounts(t, c, url, "1", "0", "0")
	clock.Advance(5*60e9 + 1e9)
	send(t, c, url, "after window", dedup("x"))
	wantCounts(t, c, url, "2", "0", "0")

	_, err := c.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("b"), MessageGroupId: aws.String("g")})
	wantAPIError(t, err, "InvalidParameterValue", msgNeedDedupOrCBD)
	_, err = c.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("b")})
	wantAPIError(t, err, "MissingParameter", "The request must contain the parameter MessageGroupId.")
	_, err = c.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("b"),
		MessageGroupId: aws.String("g"), MessageDeduplicationId: aws.String("y"), DelaySeconds: 5})
	wantAPIError(t, err, "InvalidParameterValue", "Value 5 for parameter DelaySeconds is invalid. Reason: "+msgWrongQueueType)
}

func TestContentBasedDeduplicationByGroupScope(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	url := createQueue(t, c, "cbd.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true",
		"DeduplicationScope": "messageGroup"})
	send(t, c, url, "same", group("A"))
	send(t, c, url, "same", group("A"))
	send(t, c, url, "same", group("B")) // another group: not a duplicate in messageGroup scope
	wantCounts(t, c, url, "2", "0", "0")
}
