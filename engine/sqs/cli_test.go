package sqs

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestAWSCLI drives the service with the AWS CLI on PATH: Debian's v2.9
// speaks the query protocol, newer CLIs JSON 1.0; both must work.
func TestAWSCLI(t *testing.T) {
	aws, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("aws CLI not on PATH; this test runs the CLI against the service")
	}
	srv := httptest.NewServer(NewHandler(openTestStore(t, Options{})))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	for _, f := range []string{"config", "credentials"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) map[string]any {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), aws, append([]string{"sqs", "--endpoint-url", srv.URL, "--output", "json"}, args...)...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIDLOCAL", "AWS_SECRET_ACCESS_KEY=secret",
			"AWS_DEFAULT_REGION="+testRegion, "AWS_CONFIG_FILE="+filepath.Join(dir, "config"),
			"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"), "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
		out, err := cmd.Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Fatalf("aws sqs %v: %v\n%s", args, err, stderr)
		}
		var v map[string]any
		if len(out) > 0 {
			if err := json.Unmarshal(out, &v); err != nil {
				t.Fatalf("aws sqs %v printed %q: %v", args, out, err)
			}
		}
		return v
	}
	url, _ := run("create-queue", "--queue-name", "cli-q")["QueueUrl"].(string)
	if url != srv.URL+"/"+testAccount+"/cli-q" {
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
