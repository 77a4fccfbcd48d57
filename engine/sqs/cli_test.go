package sqs

import (
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/awscli"
	"github.com/lambdaform/terraform-provider-lambda/engine/internal/servicetest"
)

// TestAWSCLI drives the service with the AWS CLI on PATH: Debian's v2.9
// speaks the query protocol, newer CLIs JSON 1.0; both must work.
func TestAWSCLI(t *testing.T) {
	endpoint := servicetest.Serve(t, NewHandler(openTestStore(t, Options{})))
	run := awscli.New(t, "sqs", endpoint, testRegion).Run
	url, _ := run("create-queue", "--queue-name", "cli-q")["QueueUrl"].(string)
	if url != endpoint+"/"+testAccount+"/cli-q" {
		t.Fatalf("create-queue QueueUrl = %q", url)
	}
	sent := run("send-message", "--queue-url", url, "--message-body", "from the CLI",
		"--message-attributes", `{"k":{"DataType":"String","StringValue":"v"}}`)
	got := run("receive-message", "--queue-url", url, "--message-attribute-names", "All", "--attribute-names", "All")
	msgs, _ := got["Messages"].([]any)
	if len(msgs) != 1 {
		t.Fatalf("receive-message = %v", got)
	}
	m := msgs[0].(map[string]any)
	if m["Body"] != "from the CLI" || m["MessageId"] != sent["MessageId"] || m["MD5OfMessageAttributes"] != sent["MD5OfMessageAttributes"] {
		t.Errorf("received %v, sent %v", m, sent)
	}
	run("delete-message", "--queue-url", url, "--receipt-handle", m["ReceiptHandle"].(string))
	attrs := run("get-queue-attributes", "--queue-url", url, "--attribute-names", "All")["Attributes"].(map[string]any)
	if attrs["ApproximateNumberOfMessages"] != "0" || attrs["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Errorf("after delete-message attributes = %v", attrs)
	}
}
