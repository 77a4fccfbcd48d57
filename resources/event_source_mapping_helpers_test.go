package resources_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

const esmName = "lambda_event_source_mapping.test"

// esmWaitBound only stops a broken test from hanging; nothing asserts on time.
const esmWaitBound = 60 * time.Second

// batchRecorder appends every event it receives, as one JSON line, to the
// file named by OUT, and reports records whose body contains "fail" as
// batch item failures.
const batchRecorder = `import base64, json, os
def handler(event, context):
    with open(os.environ["OUT"], "a") as f:
        f.write(json.dumps(event) + "\n")
    failures = []
    for r in event.get("Records", []):
        if "kinesis" in r:
            body, ident = base64.b64decode(r["kinesis"]["data"]).decode(), r["kinesis"]["sequenceNumber"]
        else:
            body, ident = r["body"], r["messageId"]
        if "fail" in body:
            failures.append({"itemIdentifier": ident})
    return {"batchItemFailures": failures}
`

// recorderFunction is a function running batchRecorder with its output
// file; the events can only be read back from a local engine.
func recorderFunction(t *testing.T, name string) (config, out string) {
	t.Helper()
	out = filepath.Join(t.TempDir(), "events.jsonl")
	zip := acctest.WriteZip(t, batchRecorder)
	return functionConfig(name, acctest.RoleARN(t), zip, fmt.Sprintf(`
  environment {
    variables = { OUT = %q }
  }
`, out)), out
}

// recordedBatches returns the records of every recorded event.
func recordedBatches(path string) ([][]map[string]any, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 8<<20)
	for sc.Scan() {
		var ev struct {
			Records []map[string]any `json:"Records"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return nil, fmt.Errorf("recorded event %q: %w", sc.Text(), err)
		}
		out = append(out, ev.Records)
	}
	return out, sc.Err()
}

// pollUntil polls cond until it holds or esmWaitBound passes.
func pollUntil(what string, cond func() (bool, error)) error {
	for deadline := time.Now().Add(esmWaitBound); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		ok, err := cond()
		if err != nil || ok {
			return err
		}
	}
	return fmt.Errorf("gave up waiting: %s", what)
}

func sendMessages(ctx context.Context, c *sqs.Client, url string, bodies ...string) error {
	for len(bodies) > 0 {
		n := min(10, len(bodies))
		var entries []sqstypes.SendMessageBatchRequestEntry
		for i, b := range bodies[:n] {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(b)})
		}
		out, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
		if err != nil {
			return err
		}
		if len(out.Failed) > 0 {
			return fmt.Errorf("%d messages not sent: %+v", len(out.Failed), out.Failed)
		}
		bodies = bodies[n:]
	}
	return nil
}

// queueEmpty reports whether a queue holds no visible or in-flight message.
func queueEmpty(ctx context.Context, c *sqs.Client, url string) (bool, error) {
	out, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{
			sqstypes.QueueAttributeNameApproximateNumberOfMessages, sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		},
	})
	if err != nil {
		return false, err
	}
	return out.Attributes["ApproximateNumberOfMessages"] == "0" && out.Attributes["ApproximateNumberOfMessagesNotVisible"] == "0", nil
}

// checkMappingDestroyed asks the backend that every mapping in state is gone.
func checkMappingDestroyed(t *testing.T) func(*terraform.State) error {
	return func(s *terraform.State) error {
		client := acctest.LambdaClient(t)
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "lambda_event_source_mapping" {
				continue
			}
			_, err := client.GetEventSourceMapping(context.Background(), &lambda.GetEventSourceMappingInput{UUID: aws.String(rs.Primary.ID)})
			if err == nil {
				return fmt.Errorf("event source mapping %s still exists", rs.Primary.ID)
			}
			if !lambdaapi.IsNotFound(err) {
				return fmt.Errorf("checking event source mapping %s: %w", rs.Primary.ID, err)
			}
		}
		return checkFunctionDestroyed(t)(s)
	}
}
