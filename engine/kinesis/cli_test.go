package kinesis

import (
	"encoding/base64"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/awscli"
	"github.com/lambdaform/terraform-provider-lambda/engine/internal/servicetest"
)

// TestAWSCLI drives the service with the AWS CLI on PATH, which speaks
// JSON 1.1 to Kinesis.
func TestAWSCLI(t *testing.T) {
	endpoint := servicetest.Serve(t, NewHandler(openTestStore(t, Options{})))
	run := awscli.New(t, "kinesis", endpoint, testRegion).Run
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
