package resources_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

// createStream creates a one-shard stream, deleted when the test ends, and
// returns its ARN once it is ACTIVE.
func createStream(t *testing.T, name string) string {
	t.Helper()
	ctx, c := context.Background(), acctest.KinesisClient(t)
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatalf("creating stream %s: %v", name, err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteStream(context.Background(), &kinesis.DeleteStreamInput{StreamName: aws.String(name)})
	})
	var arn string
	err := pollUntil("stream "+name+" ACTIVE", func() (bool, error) {
		out, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
		if err != nil {
			return false, err
		}
		arn = aws.ToString(out.StreamDescriptionSummary.StreamARN)
		return out.StreamDescriptionSummary.StreamStatus == kinesistypes.StreamStatusActive, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return arn
}

// TestAccEventSourceMapping_kinesis: a stream's records are processed in
// order from TRIM_HORIZON; the mapping imports by UUID.
func TestAccEventSourceMapping_kinesis(t *testing.T) {
	if acctest.IsAWS() {
		t.Skip("reads the function's output file: local engine only")
	}
	name := acctest.RandomName("esm-kin")
	fn, out := recorderFunction(t, name)
	arn := createStream(t, name)
	config := fn + fmt.Sprintf(`
resource "lambda_event_source_mapping" "test" {
  event_source_arn       = %q
  function_name          = lambda_function.test.function_name
  starting_position      = "TRIM_HORIZON"
  batch_size             = 3
  maximum_retry_attempts = 2
}
`, arn)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkMappingDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectESM("state", knownvalue.StringExact("Enabled")),
					expectESM("starting_position", knownvalue.StringExact("TRIM_HORIZON")),
					expectESM("batch_size", knownvalue.Int64Exact(3)),
					expectESM("maximum_retry_attempts", knownvalue.Int64Exact(2)),
					expectESM("parallelization_factor", knownvalue.Int64Exact(1)),
					expectESM("maximum_record_age_in_seconds", knownvalue.Int64Exact(-1)),
					expectESM("state_transition_reason", knownvalue.StringExact("User action")),
				},
				Check: checkInOrder(t, name, out),
			},
			{ResourceName: esmName, ImportState: true, ImportStateVerify: true},
		},
	})
}

// checkInOrder puts ten records with one partition key and requires them
// to arrive in order, in batches of at most three.
func checkInOrder(t *testing.T, stream, out string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx, c := context.Background(), acctest.KinesisClient(t)
		for i := range 10 {
			if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{
				StreamName: aws.String(stream), PartitionKey: aws.String("one"), Data: []byte(strconv.Itoa(i)),
			}); err != nil {
				return err
			}
		}
		return pollUntil("10 records in order", func() (bool, error) {
			batches, err := recordedBatches(out)
			if err != nil {
				return false, err
			}
			next := 0
			for _, b := range batches {
				if len(b) > 3 {
					return false, fmt.Errorf("a batch of %d records; batch_size is 3", len(b))
				}
				for _, r := range b {
					k, _ := r["kinesis"].(map[string]any)
					data, _ := k["data"].(string)
					raw, err := base64.StdEncoding.DecodeString(data)
					if err != nil {
						return false, err
					}
					if string(raw) != strconv.Itoa(next) {
						return false, fmt.Errorf("record %s arrived where %d was due", raw, next)
					}
					next++
				}
			}
			return next == 10, nil
		})
	}
}
