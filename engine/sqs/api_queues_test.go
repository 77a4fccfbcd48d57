package sqs

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

func TestQueueLifecycle(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	url := createQueue(t, c, "orders", map[string]string{"VisibilityTimeout": "45", "DelaySeconds": "5"})
	if !strings.HasSuffix(url, "/"+testAccount+"/orders") || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("QueueUrl = %q, want http://<host>/%s/orders", url, testAccount)
	}
	// Same name and attributes: success with the same URL.
	if again := createQueue(t, c, "orders", map[string]string{"VisibilityTimeout": "45"}); again != url {
		t.Errorf("second CreateQueue URL = %q, want %q", again, url)
	}
	_, err := c.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String("orders"),
		Attributes: map[string]string{"VisibilityTimeout": "46"}})
	wantAPIError(t, err, "QueueAlreadyExists", "A queue already exists with the same name and a different value for attribute VisibilityTimeout")

	got, err := c.GetQueueUrl(t.Context(), &sqs.GetQueueUrlInput{QueueName: aws.String("orders")})
	if err != nil || aws.ToString(got.QueueUrl) != url {
		t.Fatalf("GetQueueUrl = %v, %v", got, err)
	}
	_, err = c.GetQueueUrl(t.Context(), &sqs.GetQueueUrlInput{QueueName: aws.String("nope")})
	wantAPIError(t, err, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.")
	var typed *types.QueueDoesNotExist
	if !errorsAs(err, &typed) {
		t.Errorf("SDK did not decode the typed QueueDoesNotExist: %T", err)
	}

	if _, err := c.DeleteQueue(t.Context(), &sqs.DeleteQueueInput{QueueUrl: aws.String(url)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteQueue(t.Context(), &sqs.DeleteQueueInput{QueueUrl: aws.String(url)})
	wantAPIError(t, err, "AWS.SimpleQueueService.NonExistentQueue", "")
}

func TestQueueURLOnAnyHost(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	createQueue(t, c, "q", nil)
	for _, u := range []string{"http://localhost:4566/" + testAccount + "/q", "https://sqs.us-east-1.amazonaws.com/" + testAccount + "/q"} {
		if _, err := c.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(u)}); err != nil {
			t.Errorf("GetQueueAttributes(%s): %v", u, err)
		}
	}
	_, err := c.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String("http://localhost/999999999999/q")})
	wantAPIError(t, err, "AWS.SimpleQueueService.NonExistentQueue", "")
}

func TestCreateQueueValidation(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	tests := []struct {
		name  string
		attrs map[string]string
		code  string
		msg   string
	}{
		{"has space", nil, "InvalidParameterValue", queueNameRule},
		{strings.Repeat("a", 81), nil, "InvalidParameterValue", queueNameRule},
		{"plain", map[string]string{"FifoQueue": "true"}, "InvalidParameterValue", fifoNameRule},
		{"x.fifo", nil, "InvalidParameterValue", queueNameRule},
		{"q", map[string]string{"VisibilityTimeout": "43201"}, "InvalidAttributeValue", "Invalid value for the parameter VisibilityTimeout."},
		{"q", map[string]string{"MaximumMessageSize": "1023"}, "InvalidAttributeValue", "Invalid value for the parameter MaximumMessageSize."},
		{"q", map[string]string{"Bogus": "1"}, "InvalidAttributeName", "Unknown Attribute Bogus."},
		{"q", map[string]string{"QueueArn": "x"}, "InvalidAttributeName", "Unknown Attribute QueueArn."},
		{"q", map[string]string{"ContentBasedDeduplication": "true"}, "InvalidAttributeName", "Unknown Attribute ContentBasedDeduplication."},
		{"q", map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:none","maxReceiveCount":3}`},
			"InvalidParameterValue", ""},
	}
	for _, tt := range tests {
		_, err := c.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(tt.name), Attributes: tt.attrs})
		wantAPIError(t, err, tt.code, tt.msg)
	}
}

func TestQueueAttributes(t *testing.T) {
	clock := newTestClock()
	s := openTestStore(t, Options{Now: clock.Now})
	c := newTestClient(t, s)
	url := createQueue(t, c, "attrs", map[string]string{"MessageRetentionPeriod": "600"})
	out, err := c.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll}})
	if err != nil {
		t.Fatal(err)
	}
	created := "1700000000"
	want := map[string]string{
		"QueueArn": "arn:aws:sqs:us-east-1:123456789012:attrs", "ApproximateNumberOfMessages": "0",
		"ApproximateNumberOfMessagesNotVisible": "0", "ApproximateNumberOfMessagesDelayed": "0",
		"CreatedTimestamp": created, "LastModifiedTimestamp": created, "VisibilityTimeout": "30",
		"MaximumMessageSize": "1048576", "MessageRetentionPeriod": "600", "DelaySeconds": "0",
		"ReceiveMessageWaitTimeSeconds": "0", "SqsManagedSseEnabled": "true",
	}
	if !maps.Equal(out.Attributes, want) {
		t.Errorf("attributes = %v\nwant %v", out.Attributes, want)
	}

	clock.Advance(90e9)
	policy := `{"Version":"2012-10-17","Statement":[]}`
	if _, err := c.SetQueueAttributes(t.Context(), &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url),
		Attributes: map[string]string{"Policy": policy, "DelaySeconds": "7"}}); err != nil {
		t.Fatal(err)
	}
	out, err = c.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{"Policy", "DelaySeconds", "LastModifiedTimestamp", "RedrivePolicy"}})
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"Policy": policy, "DelaySeconds": "7", "LastModifiedTimestamp": "1700000090"}
	if !maps.Equal(out.Attributes, want) {
		t.Errorf("selected attributes = %v, want %v", out.Attributes, want)
	}
	_, err = c.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{"Nope"}})
	wantAPIError(t, err, "InvalidAttributeName", "Unknown Attribute Nope.")
	_, err = c.SetQueueAttributes(t.Context(), &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url),
		Attributes: map[string]string{"ReceiveMessageWaitTimeSeconds": "21"}})
	wantAPIError(t, err, "InvalidAttributeValue", "Invalid value for the parameter ReceiveMessageWaitTimeSeconds.")
}

func TestFifoQueueAttributes(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	url := createQueue(t, c, "jobs.fifo", map[string]string{"FifoQueue": "true", "DeduplicationScope": "messageGroup",
		"FifoThroughputLimit": "perMessageGroupId"})
	out, err := c.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{"All"}})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "false",
		"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"} {
		if out.Attributes[k] != v {
			t.Errorf("%s = %q, want %q", k, out.Attributes[k], v)
		}
	}
	_, err = c.SetQueueAttributes(t.Context(), &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url),
		Attributes: map[string]string{"DeduplicationScope": "everything"}})
	wantAPIError(t, err, "InvalidAttributeValue", "Invalid value for the parameter DeduplicationScope.")
}

func TestListQueuesPaginates(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	for _, n := range []string{"b-2", "a-1", "b-1", "b-3", "c"} {
		createQueue(t, c, n, nil)
	}
	var got []string
	pages := 0
	p := sqs.NewListQueuesPaginator(c, &sqs.ListQueuesInput{QueueNamePrefix: aws.String("b-"), MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, u := range out.QueueUrls {
			got = append(got, u[strings.LastIndex(u, "/")+1:])
		}
	}
	if !slices.Equal(got, []string{"b-1", "b-2", "b-3"}) || pages != 2 {
		t.Errorf("pages = %d, queues = %v", pages, got)
	}
	all, err := c.ListQueues(t.Context(), &sqs.ListQueuesInput{})
	if err != nil || len(all.QueueUrls) != 5 || all.NextToken != nil {
		t.Errorf("ListQueues() = %v, %v", all, err)
	}
	_, err = c.ListQueues(t.Context(), &sqs.ListQueuesInput{MaxResults: aws.Int32(1001)})
	wantAPIError(t, err, "InvalidParameterValue", "")
}

func TestQueueTags(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	out, err := c.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String("tagged"),
		Tags: map[string]string{"team": "a", "env": "dev"}})
	if err != nil {
		t.Fatal(err)
	}
	url := out.QueueUrl
	if _, err := c.TagQueue(t.Context(), &sqs.TagQueueInput{QueueUrl: url, Tags: map[string]string{"env": "prod", "cost": "1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagQueue(t.Context(), &sqs.UntagQueueInput{QueueUrl: url, TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.ListQueueTags(t.Context(), &sqs.ListQueueTagsInput{QueueUrl: url})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"env": "prod", "cost": "1"}; !maps.Equal(tags.Tags, want) {
		t.Errorf("tags = %v, want %v", tags.Tags, want)
	}
}

func TestPurgeQueue(t *testing.T) {
	clock := newTestClock()
	c := newTestClient(t, openTestStore(t, Options{Now: clock.Now}))
	url := createQueue(t, c, "p", nil)
	send(t, c, url, "one")
	send(t, c, url, "two")
	if _, err := c.PurgeQueue(t.Context(), &sqs.PurgeQueueInput{QueueUrl: aws.String(url)}); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10}); len(got.Messages) != 0 {
		t.Errorf("after purge received %v", bodies(got))
	}
	_, err := c.PurgeQueue(t.Context(), &sqs.PurgeQueueInput{QueueUrl: aws.String(url)})
	wantAPIError(t, err, "AWS.SimpleQueueService.PurgeQueueInProgress", "Only one PurgeQueue operation on p is allowed every 60 seconds.")
	clock.Advance(61e9)
	if _, err := c.PurgeQueue(t.Context(), &sqs.PurgeQueueInput{QueueUrl: aws.String(url)}); err != nil {
		t.Errorf("purge after 61s: %v", err)
	}
}
