package kinesis

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestAWSCLI drives the service with the AWS CLI on PATH, which speaks
// JSON 1.1 to Kinesis.
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
		cmd := exec.CommandContext(t.Context(), aws, append([]string{"kinesis", "--endpoint-url", srv.URL, "--output", "json"}, args...)...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIDLOCAL", "AWS_SECRET_ACCESS_KEY=secret",
			"AWS_DEFAULT_REGION="+testRegion, "AWS_CONFIG_FILE="+filepath.Join(dir, "config"),
			"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"), "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
		out, err := cmd.Output()
		if err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				t.Fatalf("aws kinesis %v: %v\n%s", args, err, ee.Stderr)
			}
			t.Fatalf("aws kinesis %v: %v", args, err)
		}
		var v map[string]any
		if len(out) > 0 {
			if err := json.Unmarshal(out, &v); err != nil {
				t.Fatalf("aws kinesis %v printed %q: %v", args, out, err)
			}
		}
		return v
	}
	run("create-stream", "--stream-name", "cli", "--shard-count", "1")
	// Poll until ACTIVE (the CLI's own waiter sleeps 10s between polls).
	for {
		sum := run("describe-stream-summary", "--stream-name", "cli")["StreamDescriptionSummary"].(map[string]any)
		if sum["StreamStatus"] == "ACTIVE" {
			break
		}
	}
	// CLI v2 decodes --data from base64; v1 sends the text itself as the
	// record, so either is a faithful round trip.
	payload := base64.StdEncoding.EncodeToString([]byte("from the CLI"))
	put := run("put-record", "--stream-name", "cli", "--partition-key", "pk", "--data", payload)
	it := run("get-shard-iterator", "--stream-name", "cli", "--shard-id", put["ShardId"].(string),
		"--shard-iterator-type", "AT_SEQUENCE_NUMBER", "--starting-sequence-number", put["SequenceNumber"].(string))
	got := run("get-records", "--shard-iterator", it["ShardIterator"].(string))
	recs, _ := got["Records"].([]any)
	if len(recs) != 1 {
		t.Fatalf("get-records = %v", got)
	}
	r := recs[0].(map[string]any)
	data, _ := base64.StdEncoding.DecodeString(r["Data"].(string))
	if r["SequenceNumber"] != put["SequenceNumber"] || r["PartitionKey"] != "pk" ||
		(string(data) != "from the CLI" && string(data) != payload) {
		t.Errorf("get-records record = %v, put %v", r, put)
	}
	if _, ok := got["NextShardIterator"].(string); !ok {
		t.Errorf("get-records has no NextShardIterator: %v", got)
	}
}
