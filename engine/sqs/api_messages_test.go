package sqs

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

func TestSendReceiveDelete(t *testing.T) {
	clock := newTestClock()
	c := newTestClient(t, openTestStore(t, Options{Now: clock.Now}))
	url := createQueue(t, c, "work", nil)
	attrs := map[string]types.MessageAttributeValue{
		"SellerName": {DataType: aws.String("String"), StringValue: aws.String("Example Store")},
		"blob":       {DataType: aws.String("Binary.gif"), BinaryValue: []byte{0, 1, 2, 255}},
		"n":          {DataType: aws.String("Number"), StringValue: aws.String("-1.5e3")},
	}
	sent := send(t, c, url, "hello\nworld ✓", func(in *sqs.SendMessageInput) {
		in.MessageAttributes = attrs
		in.MessageSystemAttributes = map[string]types.MessageSystemAttributeValue{
			"AWSTraceHeader": {DataType: aws.String("String"), StringValue: aws.String("Root=1-abc")}}
	})
	if aws.ToString(sent.MD5OfMessageAttributes) != md5OfAttributes(map[string]AttributeValue{
		"SellerName": {DataType: "String", StringValue: "Example Store"}, "blob": {DataType: "Binary.gif", BinaryValue: []byte{0, 1, 2, 255}},
		"n": {DataType: "Number", StringValue: "-1.5e3"}}) || sent.MD5OfMessageSystemAttributes == nil || sent.SequenceNumber != nil {
		t.Errorf("send output = %+v", sent)
	}
	clock.Advance(2e9)
	got := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MessageAttributeNames: []string{"SellerName"},
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"}})
	if len(got.Messages) != 1 {
		t.Fatalf("received %d messages", len(got.Messages))
	}
	m := got.Messages[0]
	if aws.ToString(m.Body) != "hello\nworld ✓" || aws.ToString(m.MessageId) != aws.ToString(sent.MessageId) ||
		len(m.MessageAttributes) != 1 || aws.ToString(m.MD5OfMessageAttributes) != "cd28f3b68aeee4b2eac9c66f2f694b58" {
		t.Errorf("message = %+v", m)
	}
	sentAt := strconv.FormatInt(newTestClock().Now().UnixMilli(), 10)
	firstAt := strconv.FormatInt(clock.Now().UnixMilli(), 10)
	for k, v := range map[string]string{"SentTimestamp": sentAt, "ApproximateReceiveCount": "1",
		"ApproximateFirstReceiveTimestamp": firstAt, "SenderId": testAccount, "AWSTraceHeader": "Root=1-abc"} {
		if m.Attributes[k] != v {
			t.Errorf("attribute %s = %q, want %q", k, m.Attributes[k], v)
		}
	}
	if _, ok := m.Attributes["SequenceNumber"]; ok {
		t.Error("standard queue message has a SequenceNumber")
	}
	if _, err := c.DeleteMessage(t.Context(), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(31e9)
	if again := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url)}); len(again.Messages) != 0 {
		t.Errorf("deleted message came back: %v", bodies(again))
	}
	_, err := c.DeleteMessage(t.Context(), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: aws.String("garbage!")})
	wantAPIError(t, err, "ReceiptHandleIsInvalid", `The input receipt handle "garbage!" is not a valid receipt handle.`)
}

func TestSendValidation(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	url := createQueue(t, c, "v", map[string]string{"MaximumMessageSize": "1024"})
	tests := []struct {
		name string
		in   func(*sqs.SendMessageInput)
		code string
		msg  string
	}{
		{"too long", func(in *sqs.SendMessageInput) { in.MessageBody = aws.String(strings.Repeat("x", 1025)) },
			"InvalidParameterValue", "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes."},
		{"bad character", func(in *sqs.SendMessageInput) { in.MessageBody = aws.String("a\x01b") }, "InvalidMessageContents", ""},
		{"delay", func(in *sqs.SendMessageInput) { in.DelaySeconds = 901 }, "InvalidParameterValue", ""},
		{"dedup on standard", func(in *sqs.SendMessageInput) { in.MessageDeduplicationId = aws.String("d") },
			"InvalidParameterValue", "Value d for parameter MessageDeduplicationId is invalid. Reason: " + msgWrongQueueType},
		{"bad attribute type", func(in *sqs.SendMessageInput) {
			in.MessageAttributes = map[string]types.MessageAttributeValue{"a": {DataType: aws.String("Float"), StringValue: aws.String("1")}}
		}, "InvalidParameterValue", "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."},
		{"not a number", func(in *sqs.SendMessageInput) {
			in.MessageAttributes = map[string]types.MessageAttributeValue{"a": {DataType: aws.String("Number"), StringValue: aws.String("x")}}
		}, "InvalidParameterValue", "Can't cast the value of message (user) attribute 'a' to a number."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("ok")}
			tt.in(in)
			_, err := c.SendMessage(t.Context(), in)
			wantAPIError(t, err, tt.code, tt.msg)
		})
	}
}

func TestReceiveValidation(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	url := aws.String(createQueue(t, c, "r", nil))
	_, err := c.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 11})
	wantAPIError(t, err, "InvalidParameterValue", "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.")
	_, err = c.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: 21})
	wantAPIError(t, err, "InvalidParameterValue", "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.")
}

func TestDelaySeconds(t *testing.T) {
	clock := newTestClock()
	c := newTestClient(t, openTestStore(t, Options{Now: clock.Now}))
	url := createQueue(t, c, "d", map[string]string{"DelaySeconds": "10"})
	send(t, c, url, "queue delay")
	send(t, c, url, "own delay", func(in *sqs.SendMessageInput) { in.DelaySeconds = 60 })
	wantCounts(t, c, url, "0", "0", "2")
	in := &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10, VisibilityTimeout: 43200}
	if got := bodies(receive(t, c, in)); len(got) != 0 {
		t.Errorf("at 0s received %v", got)
	}
	clock.Advance(10e9)
	if got := bodies(receive(t, c, in)); strings.Join(got, ",") != "queue delay" {
		t.Errorf("at 10s received %v", got)
	}
	clock.Advance(50e9)
	if got := bodies(receive(t, c, in)); strings.Join(got, ",") != "own delay" {
		t.Errorf("at 60s received %v", got)
	}
}

func wantCounts(t *testing.T, c *sqs.Client, url, visible, notVisible, delayed string) {
	t.Helper()
	out, err := c.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"}})
	if err != nil {
		t.Fatal(err)
	}
	a := out.Attributes
	if a["ApproximateNumberOfMessages"] != visible || a["ApproximateNumberOfMessagesNotVisible"] != notVisible ||
		a["ApproximateNumberOfMessagesDelayed"] != delayed {
		t.Errorf("counts = %v, want visible %s, not visible %s, delayed %s", a, visible, notVisible, delayed)
	}
}

func TestVisibilityTimeout(t *testing.T) {
	clock := newTestClock()
	c := newTestClient(t, openTestStore(t, Options{Now: clock.Now}))
	url := aws.String(createQueue(t, c, "vis", map[string]string{"VisibilityTimeout": "30"}))
	send(t, c, *url, "m")
	all := []types.MessageSystemAttributeName{"ApproximateReceiveCount"}
	first := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: url, MessageSystemAttributeNames: all})
	if len(first.Messages) != 1 {
		t.Fatal("no message")
	}
	wantCounts(t, c, *url, "0", "1", "0")
	clock.Advance(29e9)
	if got := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: url}); len(got.Messages) != 0 {
		t.Fatal("message visible before its timeout")
	}
	clock.Advance(1e9)
	second := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: url, MessageSystemAttributeNames: all, VisibilityTimeout: 100})
	if len(second.Messages) != 1 || second.Messages[0].Attributes["ApproximateReceiveCount"] != "2" {
		t.Fatalf("second receive = %+v", second.Messages)
	}
	// The first receive's handle no longer deletes the message.
	if _, err := c.DeleteMessage(t.Context(), &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: first.Messages[0].ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	_, err := c.ChangeMessageVisibility(t.Context(), &sqs.ChangeMessageVisibilityInput{QueueUrl: url,
		ReceiptHandle: first.Messages[0].ReceiptHandle, VisibilityTimeout: 0})
	wantAPIError(t, err, "InvalidParameterValue", "")
	if _, err := c.ChangeMessageVisibility(t.Context(), &sqs.ChangeMessageVisibilityInput{QueueUrl: url,
		ReceiptHandle: second.Messages[0].ReceiptHandle, VisibilityTimeout: 0}); err != nil {
		t.Fatal(err)
	}
	third := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: url, MessageSystemAttributeNames: all})
	if len(third.Messages) != 1 || third.Messages[0].Attributes["ApproximateReceiveCount"] != "3" {
		t.Fatalf("after ChangeMessageVisibility(0) receive = %+v", third.Messages)
	}
	clock.Advance(31e9)
	_, err = c.ChangeMessageVisibility(t.Context(), &sqs.ChangeMessageVisibilityInput{QueueUrl: url,
		ReceiptHandle: third.Messages[0].ReceiptHandle, VisibilityTimeout: 10})
	wantAPIError(t, err, "AWS.SimpleQueueService.MessageNotInflight", "")
}

func TestBatchOperations(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	url := aws.String(createQueue(t, c, "batch", nil))
	out, err := c.SendMessageBatch(t.Context(), &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []types.SendMessageBatchRequestEntry{
		{Id: aws.String("a"), MessageBody: aws.String("one")},
		{Id: aws.String("b"), MessageBody: aws.String("")},
		{Id: aws.String("c"), MessageBody: aws.String("three"), MessageAttributes: map[string]types.MessageAttributeValue{
			"k": {DataType: aws.String("String"), StringValue: aws.String("v")}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Successful) != 2 || len(out.Failed) != 1 || aws.ToString(out.Failed[0].Id) != "b" ||
		aws.ToString(out.Failed[0].Code) != "MissingParameter" || !out.Failed[0].SenderFault {
		t.Errorf("SendMessageBatch = %+v", out)
	}
	got := receive(t, c, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})
	if strings.Join(bodies(got), ",") != "one,three" {
		t.Fatalf("received %v", bodies(got))
	}
	vis, err := c.ChangeMessageVisibilityBatch(t.Context(), &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: url,
		Entries: []types.ChangeMessageVisibilityBatchRequestEntry{
			{Id: aws.String("x"), ReceiptHandle: got.Messages[0].ReceiptHandle, VisibilityTimeout: 60},
			{Id: aws.String("y"), ReceiptHandle: aws.String("bad")},
		}})
	if err != nil || len(vis.Successful) != 1 || len(vis.Failed) != 1 || aws.ToString(vis.Failed[0].Code) != "ReceiptHandleIsInvalid" {
		t.Errorf("ChangeMessageVisibilityBatch = %+v, %v", vis, err)
	}
	del, err := c.DeleteMessageBatch(t.Context(), &sqs.DeleteMessageBatchInput{QueueUrl: url, Entries: []types.DeleteMessageBatchRequestEntry{
		{Id: aws.String("1"), ReceiptHandle: got.Messages[0].ReceiptHandle},
		{Id: aws.String("2"), ReceiptHandle: got.Messages[1].ReceiptHandle},
	}})
	if err != nil || len(del.Successful) != 2 || len(del.Failed) != 0 {
		t.Errorf("DeleteMessageBatch = %+v, %v", del, err)
	}
	wantCounts(t, c, *url, "0", "0", "0")
}

func TestBatchRequestErrors(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	url := aws.String(createQueue(t, c, "batch", nil))
	entry := func(id string) types.SendMessageBatchRequestEntry {
		return types.SendMessageBatchRequestEntry{Id: aws.String(id), MessageBody: aws.String("b")}
	}
	var eleven []types.SendMessageBatchRequestEntry
	for i := range 11 {
		eleven = append(eleven, entry(strconv.Itoa(i)))
	}
	// (The SDK itself refuses an empty batch; TestQueryProtocolErrors sends one.)
	tests := []struct {
		entries []types.SendMessageBatchRequestEntry
		code    string
		msg     string
	}{
		{eleven, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10. You have sent 11."},
		{[]types.SendMessageBatchRequestEntry{entry("a"), entry("a")}, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "Id a repeated."},
		{[]types.SendMessageBatchRequestEntry{entry("a b")}, "AWS.SimpleQueueService.InvalidBatchEntryId", batchIDRule},
		{[]types.SendMessageBatchRequestEntry{{Id: aws.String("a"), MessageBody: aws.String(strings.Repeat("x", 1<<20))}, entry("b")},
			"AWS.SimpleQueueService.BatchRequestTooLong", "Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes."},
	}
	for _, tt := range tests {
		_, err := c.SendMessageBatch(t.Context(), &sqs.SendMessageBatchInput{QueueUrl: url, Entries: tt.entries})
		wantAPIError(t, err, tt.code, tt.msg)
	}
}

func TestListDeadLetterSourceQueues(t *testing.T) {
	c := newTestClient(t, openTestStore(t, Options{}))
	dlq := createQueue(t, c, "dlq", nil)
	policy := `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq","maxReceiveCount":"2"}`
	createQueue(t, c, "src-b", map[string]string{"RedrivePolicy": policy})
	createQueue(t, c, "src-a", map[string]string{"RedrivePolicy": policy})
	createQueue(t, c, "other", nil)
	out, err := c.ListDeadLetterSourceQueues(t.Context(), &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: aws.String(dlq)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.QueueUrls) != 2 || !strings.HasSuffix(out.QueueUrls[0], "/src-a") || !strings.HasSuffix(out.QueueUrls[1], "/src-b") {
		t.Errorf("sources = %v", out.QueueUrls)
	}
	attrs, err := c.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(out.QueueUrls[0]),
		AttributeNames: []types.QueueAttributeName{"RedrivePolicy"}})
	if err != nil || attrs.Attributes["RedrivePolicy"] != `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq","maxReceiveCount":2}` {
		t.Errorf("RedrivePolicy = %v, %v", attrs.Attributes, err)
	}
}
