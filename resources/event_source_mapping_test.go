package resources_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

func expectESM(attr string, v knownvalue.Check) statecheck.StateCheck {
	return expectAttr(esmName, attr, v)
}

func sqsMappingConfig(fn, queueARN, functionRef, body string) string {
	return fn + fmt.Sprintf(`
resource "lambda_event_source_mapping" "test" {
  event_source_arn = %q
  function_name    = %s
%s
}
`, queueARN, functionRef, body)
}

// TestAccEventSourceMapping_sqs: messages sent to the queue reach the
// function in batches of at most batch_size, filtered, with partial batch
// failures retried; disabling stops consumption; import by UUID; a name
// and an ARN of the function are interchangeable.
func TestAccEventSourceMapping_sqs(t *testing.T) {
	if acctest.IsAWS() {
		t.Skip("reads the function's output file: local engine only")
	}
	name := acctest.RandomName("esm-sqs")
	fn, out := recorderFunction(t, name)
	queue := acctest.CreateQueue(t, name)
	settings := `
  batch_size                         = 5
  maximum_batching_window_in_seconds = 1
  function_response_types            = ["ReportBatchItemFailures"]
  filter_criteria {
    filter {
      pattern = jsonencode({ body = { kind = ["keep"] } })
    }
  }
`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkMappingDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: sqsMappingConfig(fn, queue.ARN, "lambda_function.test.function_name", settings),
				ConfigStateChecks: []statecheck.StateCheck{
					expectESM("state", knownvalue.StringExact("Enabled")),
					expectESM("enabled", knownvalue.Bool(true)),
					expectESM("function_name", knownvalue.StringExact(name)),
					expectESM("function_arn", knownvalue.StringRegexp(functionARNRe(name))),
					expectESM("batch_size", knownvalue.Int64Exact(5)),
					expectESM("state_transition_reason", knownvalue.StringExact("USER_INITIATED")),
					expectESM("uuid", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					expectESM("arn", knownvalue.StringRegexp(regexp.MustCompile(`:event-source-mapping:[0-9a-f-]{36}$`))),
					expectESM("parallelization_factor", knownvalue.Null()),
				},
				Check: checkConsumes(t, queue.URL, out),
			},
			{
				ResourceName: esmName, ImportState: true, ImportStateVerify: true,
			},
			{
				Config:            sqsMappingConfig(fn, queue.ARN, "lambda_function.test.function_name", settings+"  enabled = false\n"),
				ConfigStateChecks: []statecheck.StateCheck{expectESM("state", knownvalue.StringExact("Disabled"))},
				Check:             checkNotConsumed(t, queue.URL),
			},
			{
				// The ARN of the same function: an update in place, kept as written.
				Config: sqsMappingConfig(fn, queue.ARN, "lambda_function.test.arn", settings),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(esmName, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectESM("state", knownvalue.StringExact("Enabled")),
					expectESM("function_name", knownvalue.StringRegexp(functionARNRe(name))),
				},
				Check: func(*terraform.State) error {
					// The message left while disabled is consumed now.
					return pollUntil("queue drained after enabling", func() (bool, error) {
						return queueEmpty(context.Background(), acctest.SQSClient(t), queue.URL)
					})
				},
			},
		},
	})
}

// checkConsumes sends kept, filtered-out and failing messages: the kept
// ones arrive in batches of at most 5, the filtered ones never, the
// failing one again until it is deleted by hand; the queue ends empty.
func checkConsumes(t *testing.T, url, out string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx, c := context.Background(), acctest.SQSClient(t)
		var bodies []string
		for i := range 8 {
			bodies = append(bodies, fmt.Sprintf(`{"kind":"keep","n":%d}`, i))
		}
		bodies = append(bodies, `{"kind":"drop"}`, `{"kind":"drop","n":9}`)
		if err := sendMessages(ctx, c, url, bodies...); err != nil {
			return err
		}
		seen := map[string]bool{}
		err := pollUntil("8 kept messages delivered", func() (bool, error) {
			batches, err := recordedBatches(out)
			if err != nil {
				return false, err
			}
			for _, b := range batches {
				if len(b) > 5 {
					return false, fmt.Errorf("a batch of %d records; batch_size is 5", len(b))
				}
				for _, r := range b {
					body, _ := r["body"].(string)
					if strings.Contains(body, "drop") {
						return false, fmt.Errorf("filtered-out message %s was delivered", body)
					}
					if r["eventSource"] != "aws:sqs" {
						return false, fmt.Errorf("record %v is not an SQS record", r)
					}
					seen[body] = true
				}
			}
			return len(seen) == 8, nil
		})
		if err != nil {
			return err
		}
		return pollUntil("queue drained", func() (bool, error) { return queueEmpty(ctx, c, url) })
	}
}

// checkNotConsumed: with the mapping disabled, a new message stays in the
// queue (received here, then made visible again for the next step).
func checkNotConsumed(t *testing.T, url string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx, c := context.Background(), acctest.SQSClient(t)
		if err := sendMessages(ctx, c, url, `{"kind":"keep","n":"while-disabled"}`); err != nil {
			return err
		}
		rcv, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 2})
		if err != nil {
			return err
		}
		if len(rcv.Messages) != 1 {
			return fmt.Errorf("the disabled mapping consumed the message")
		}
		_, err = c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
			QueueUrl: aws.String(url), ReceiptHandle: rcv.Messages[0].ReceiptHandle, VisibilityTimeout: 0,
		})
		return err
	}
}

// TestAccEventSourceMapping_conflict: creating a second mapping of the same
// queue and function fails with the existing mapping's UUID and how to
// import it, not a bare 409.
func TestAccEventSourceMapping_conflict(t *testing.T) {
	name := acctest.RandomName("esm-dup")
	zip := acctest.WriteZip(t, acctest.PythonHandler("dup"))
	fn := functionConfig(name, acctest.RoleARN(t), zip, "")
	queue := acctest.CreateQueue(t, name)
	var existing string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkMappingDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: fn,
				Check: func(*terraform.State) error {
					out, err := acctest.LambdaClient(t).CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{
						EventSourceArn: aws.String(queue.ARN), FunctionName: aws.String(name),
					})
					if err != nil {
						return err
					}
					existing = aws.ToString(out.UUID)
					t.Cleanup(func() {
						_, _ = acctest.LambdaClient(t).DeleteEventSourceMapping(context.Background(),
							&lambda.DeleteEventSourceMappingInput{UUID: aws.String(existing)})
					})
					return nil
				},
			},
			{
				Config:      sqsMappingConfig(fn, queue.ARN, "lambda_function.test.function_name", ""),
				ExpectError: regexp.MustCompile(`(?s)already exists: UUID\s+[0-9a-f-]{36}.*import`),
			},
		},
	})
	if existing == "" {
		t.Fatal("the out-of-band mapping was not created")
	}
}
