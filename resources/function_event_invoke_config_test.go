package resources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

const eventInvokeConfigName = "lambda_function_event_invoke_config.test"

func expectEventInvokeConfig(attr string, v knownvalue.Check) statecheck.StateCheck {
	return expectAttr(eventInvokeConfigName, attr, v)
}

func planEventInvokeConfig(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(eventInvokeConfigName, action)}}
}

// noDestinations: no destination_config block.
func noDestinations() statecheck.StateCheck {
	return expectEventInvokeConfig("destination_config", knownvalue.ListSizeExact(0))
}

// destination is the check of an on_failure or on_success block list: no
// block for "", else one block with that destination.
func destination(arn string) knownvalue.Check {
	if arn == "" {
		return knownvalue.ListSizeExact(0)
	}
	return destinationIs(knownvalue.StringExact(arn))
}

func destinationIs(v knownvalue.Check) knownvalue.Check {
	return knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{"destination": v})})
}

// destinationsAre checks the one destination_config block.
func destinationsAre(onFailure, onSuccess knownvalue.Check) statecheck.StateCheck {
	return expectEventInvokeConfig("destination_config", knownvalue.ListExact([]knownvalue.Check{
		knownvalue.ObjectExact(map[string]knownvalue.Check{"on_failure": onFailure, "on_success": onSuccess}),
	}))
}

// functionARNRe matches the ARN of function ref (NAME or NAME:QUALIFIER).
func functionARNRe(ref string) *regexp.Regexp {
	return regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:` + regexp.QuoteMeta(ref) + `$`)
}

// eventInvokeWant is a configuration as the backend should report it; a
// zero maxAge means MaximumEventAgeInSeconds is not set.
type eventInvokeWant struct {
	retries              int32
	maxAge               int32
	onFailure, onSuccess string
}

// getEventInvokeConfig asks the backend for the configuration of function
// (and qualifier, when not empty).
func getEventInvokeConfig(t *testing.T, function, qualifier string) (*lambda.GetFunctionEventInvokeConfigOutput, error) {
	t.Helper()
	in := &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String(function)}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	return acctest.LambdaClient(t).GetFunctionEventInvokeConfig(context.Background(), in)
}

// checkEventInvokeBackend compares the backend's configuration with want.
func checkEventInvokeBackend(t *testing.T, function, qualifier string, want eventInvokeWant) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := getEventInvokeConfig(t, function, qualifier)
		if err != nil {
			return fmt.Errorf("GetFunctionEventInvokeConfig %s:%s: %w", function, qualifier, err)
		}
		got := eventInvokeWant{retries: aws.ToInt32(out.MaximumRetryAttempts), maxAge: aws.ToInt32(out.MaximumEventAgeInSeconds)}
		if dc := out.DestinationConfig; dc != nil {
			if dc.OnFailure != nil {
				got.onFailure = aws.ToString(dc.OnFailure.Destination)
			}
			if dc.OnSuccess != nil {
				got.onSuccess = aws.ToString(dc.OnSuccess.Destination)
			}
		}
		if out.MaximumRetryAttempts == nil {
			return fmt.Errorf("the backend's configuration of %s:%s has no MaximumRetryAttempts; the provider always sends it", function, qualifier)
		}
		if got != want {
			return fmt.Errorf("the backend's configuration of %s:%s is %+v, want %+v", function, qualifier, got, want)
		}
		return nil
	}
}

// checkNoEventInvokeConfig requires the backend to answer NotFound.
func checkNoEventInvokeConfig(t *testing.T, function, qualifier string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := getEventInvokeConfig(t, function, qualifier)
		if err == nil {
			return fmt.Errorf("the event invoke configuration of %s:%s still exists", function, qualifier)
		}
		if !lambdaapi.IsNotFound(err) {
			return fmt.Errorf("checking the event invoke configuration of %s:%s: %w", function, qualifier, err)
		}
		return nil
	}
}

// checkEventInvokeConfigDestroyed asks the backend that every function and
// event invoke configuration in the final state is gone.
func checkEventInvokeConfigDestroyed(t *testing.T) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "lambda_function_event_invoke_config" {
				continue
			}
			a := rs.Primary.Attributes
			if err := checkNoEventInvokeConfig(t, a["function_name"], a["qualifier"])(s); err != nil {
				return err
			}
		}
		return checkVersioningDestroyed(t)(s)
	}
}

// eventInvokeConfigBase is the function "test" and a second function
// "dest" that serves as a destination.
func eventInvokeConfigBase(name, role, zip string) string {
	return functionConfig(name, role, zip, "") + fmt.Sprintf(`
resource "lambda_function" "dest" {
  function_name = "%s-dest"
  role          = %q
  handler       = "lambda_function.handler"
  runtime       = "python3.12"
  filename      = %q
}
`, name, role, zip)
}

func eventInvokeConfigResource(body string) string {
	return fmt.Sprintf(`
resource "lambda_function_event_invoke_config" "test" {
%s
}
`, body)
}

// TestAccFunctionEventInvokeConfig_basic creates a configuration with the
// defaults, adds destinations of both kinds, imports it, removes settings
// and destinations (Put replaces them all), repairs drift and deletion made
// outside Terraform, switches function_name to the ARN in place, imports it
// by ARN and finally deletes it while the function stays.
func TestAccFunctionEventInvokeConfig_basic(t *testing.T) {
	acctest.PreCheck(t)
	name := acctest.RandomName("eic")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("eic"))
	queue := acctest.CreateQueue(t, acctest.RandomName("eic-failures"))
	base := eventInvokeConfigBase(name, role, zip)
	byName := "  function_name = lambda_function.test.function_name\n"
	full := byName + `  maximum_event_age_in_seconds = 100
  maximum_retry_attempts       = 0
  destination_config {
    on_failure {
      destination = "` + queue.ARN + `"
    }
    on_success {
      destination = lambda_function.dest.arn
    }
  }
`
	failureOnly := byName + `  maximum_retry_attempts = 1
  destination_config {
    on_failure {
      destination = "` + queue.ARN + `"
    }
  }
`
	destARN := func() string {
		out, err := lambdaapi.FindFunction(context.Background(), acctest.LambdaClient(t), name+"-dest", "")
		if err != nil {
			t.Fatalf("reading %s-dest: %v", name, err)
		}
		return aws.ToString(out.Configuration.FunctionArn)
	}
	var functionARN string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkEventInvokeConfigDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: base + eventInvokeConfigResource(byName),
				ConfigStateChecks: []statecheck.StateCheck{
					expectEventInvokeConfig("id", knownvalue.StringExact(name)),
					expectEventInvokeConfig("function_name", knownvalue.StringExact(name)),
					expectEventInvokeConfig("qualifier", knownvalue.Null()),
					expectEventInvokeConfig("maximum_retry_attempts", knownvalue.Int64Exact(2)),
					expectEventInvokeConfig("maximum_event_age_in_seconds", knownvalue.Null()),
					noDestinations(),
				},
				Check: checkEventInvokeBackend(t, name, "", eventInvokeWant{retries: 2}),
			},
			{
				Config:           base + eventInvokeConfigResource(full),
				ConfigPlanChecks: planEventInvokeConfig(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectEventInvokeConfig("maximum_retry_attempts", knownvalue.Int64Exact(0)),
					expectEventInvokeConfig("maximum_event_age_in_seconds", knownvalue.Int64Exact(100)),
					destinationsAre(destination(queue.ARN), destinationIs(knownvalue.StringRegexp(functionARNRe(name+"-dest")))),
					statecheck.CompareValuePairs(
						eventInvokeConfigName, tfjsonpath.New("destination_config").AtSliceIndex(0).AtMapKey("on_success").AtSliceIndex(0).AtMapKey("destination"),
						"lambda_function.dest", tfjsonpathOf("arn"), compare.ValuesSame()),
				},
				Check: func(s *terraform.State) error {
					return checkEventInvokeBackend(t, name, "", eventInvokeWant{retries: 0, maxAge: 100, onFailure: queue.ARN, onSuccess: destARN()})(s)
				},
			},
			{
				ResourceName:      eventInvokeConfigName,
				ImportState:       true,
				ImportStateId:     name,
				ImportStateVerify: true,
			},
			{
				// Removing on_success and the age limit removes them on the backend.
				Config:           base + eventInvokeConfigResource(failureOnly),
				ConfigPlanChecks: planEventInvokeConfig(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectEventInvokeConfig("maximum_retry_attempts", knownvalue.Int64Exact(1)),
					expectEventInvokeConfig("maximum_event_age_in_seconds", knownvalue.Null()),
					destinationsAre(destination(queue.ARN), destination("")),
				},
				Check: checkEventInvokeBackend(t, name, "", eventInvokeWant{retries: 1, onFailure: queue.ARN}),
			},
			{
				Config:           base + eventInvokeConfigResource(byName),
				ConfigPlanChecks: planEventInvokeConfig(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectEventInvokeConfig("maximum_retry_attempts", knownvalue.Int64Exact(2)),
					noDestinations(),
				},
				Check: checkEventInvokeBackend(t, name, "", eventInvokeWant{retries: 2}),
			},
			{
				// Changed outside Terraform: the plan puts the configuration back.
				PreConfig: func() {
					_, err := acctest.LambdaClient(t).PutFunctionEventInvokeConfig(context.Background(), &lambda.PutFunctionEventInvokeConfigInput{
						FunctionName: aws.String(name), MaximumRetryAttempts: aws.Int32(0), MaximumEventAgeInSeconds: aws.Int32(600),
						DestinationConfig: &lambdatypes.DestinationConfig{OnSuccess: &lambdatypes.OnSuccess{Destination: aws.String(queue.ARN)}},
					})
					if err != nil {
						t.Fatalf("out-of-band PutFunctionEventInvokeConfig: %v", err)
					}
				},
				Config: base + eventInvokeConfigResource(byName),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(eventInvokeConfigName, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(eventInvokeConfigName, tfjsonpathOf("maximum_retry_attempts"), knownvalue.Int64Exact(2)),
					plancheck.ExpectKnownValue(eventInvokeConfigName, tfjsonpathOf("maximum_event_age_in_seconds"), knownvalue.Null()),
				}},
				Check: checkEventInvokeBackend(t, name, "", eventInvokeWant{retries: 2}),
			},
			{
				// Deleted outside Terraform: the plan creates it again.
				PreConfig: func() {
					_, err := acctest.LambdaClient(t).DeleteFunctionEventInvokeConfig(context.Background(),
						&lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String(name)})
					if err != nil {
						t.Fatalf("out-of-band DeleteFunctionEventInvokeConfig: %v", err)
					}
				},
				Config:           base + eventInvokeConfigResource(byName),
				ConfigPlanChecks: planEventInvokeConfig(plancheck.ResourceActionCreate),
				Check:            checkEventInvokeBackend(t, name, "", eventInvokeWant{retries: 2}),
			},
			{
				// The same function by ARN: an in-place update, no replacement.
				Config:           base + eventInvokeConfigResource(`  function_name = lambda_function.test.arn`),
				ConfigPlanChecks: planEventInvokeConfig(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectEventInvokeConfig("function_name", knownvalue.StringRegexp(functionARNRe(name))),
					statecheck.CompareValuePairs(eventInvokeConfigName, tfjsonpathOf("id"), "lambda_function.test", tfjsonpathOf("arn"), compare.ValuesSame()),
				},
				Check: func(s *terraform.State) error {
					var err error
					functionARN, err = stateAttr(s, "lambda_function.test", "arn")
					return err
				},
			},
			{
				ResourceName:      eventInvokeConfigName,
				ImportState:       true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return functionARN, nil },
				ImportStateVerify: true,
			},
			{
				// Removed from the configuration: deleted, the function stays.
				Config:           base,
				ConfigPlanChecks: planEventInvokeConfig(plancheck.ResourceActionDestroy),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkNoEventInvokeConfig(t, name, ""),
					func(*terraform.State) error {
						_, err := lambdaapi.FindFunction(context.Background(), acctest.LambdaClient(t), name, "")
						return err
					},
				),
			},
		},
	})
}

// TestAccFunctionEventInvokeConfig_qualifier configures an alias, a version
// (by function ARN) and the unqualified function independently, imports the
// qualified ones by FUNCTION_NAME:QUALIFIER and by qualified ARN, and
// replaces the alias's configuration when its qualifier changes.
func TestAccFunctionEventInvokeConfig_qualifier(t *testing.T) {
	name := acctest.RandomName("eicq")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("eicq"))
	cfg := func(alias string) string {
		return functionConfig(name, role, zip, "") + fmt.Sprintf(`
resource "lambda_function_version" "v" {
  function_name = lambda_function.test.function_name
}

resource "lambda_alias" "live" {
  name             = "live"
  function_name    = lambda_function.test.function_name
  function_version = lambda_function_version.v.version
}

resource "lambda_alias" "canary" {
  name             = "canary"
  function_name    = lambda_function.test.function_name
  function_version = lambda_function_version.v.version
}

resource "lambda_function_event_invoke_config" "test" {
  function_name          = lambda_function.test.function_name
  qualifier              = lambda_alias.%s.name
  maximum_retry_attempts = 0
}

resource "lambda_function_event_invoke_config" "version" {
  function_name                = lambda_function.test.arn
  qualifier                    = lambda_function_version.v.version
  maximum_event_age_in_seconds = 300
}

resource "lambda_function_event_invoke_config" "unqualified" {
  function_name          = lambda_function.test.function_name
  maximum_retry_attempts = 1
}
`, alias)
	}
	const versionConfig = "lambda_function_event_invoke_config.version"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkEventInvokeConfigDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg("live"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectEventInvokeConfig("id", knownvalue.StringExact(name+":live")),
					expectEventInvokeConfig("qualifier", knownvalue.StringExact("live")),
					expectAttr(versionConfig, "id", knownvalue.StringRegexp(functionARNRe(name+":1"))),
					expectAttr(versionConfig, "qualifier", knownvalue.StringExact("1")),
					expectAttr(versionConfig, "maximum_retry_attempts", knownvalue.Int64Exact(2)),
					expectAttr("lambda_function_event_invoke_config.unqualified", "id", knownvalue.StringExact(name)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkEventInvokeBackend(t, name, "live", eventInvokeWant{retries: 0}),
					checkEventInvokeBackend(t, name, "1", eventInvokeWant{retries: 2, maxAge: 300}),
					checkEventInvokeBackend(t, name, "", eventInvokeWant{retries: 1}),
					checkNoEventInvokeConfig(t, name, "canary"),
				),
			},
			{
				ResourceName:      eventInvokeConfigName,
				ImportState:       true,
				ImportStateId:     name + ":live",
				ImportStateVerify: true,
			},
			{
				ResourceName: versionConfig,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return stateAttr(s, "lambda_function_version.v", "arn")
				},
				ImportStateVerify: true,
			},
			{
				Config:           cfg("canary"),
				ConfigPlanChecks: planEventInvokeConfig(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectEventInvokeConfig("id", knownvalue.StringExact(name+":canary")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkEventInvokeBackend(t, name, "canary", eventInvokeWant{retries: 0}),
					checkNoEventInvokeConfig(t, name, "live"),
					checkEventInvokeBackend(t, name, "1", eventInvokeWant{retries: 2, maxAge: 300}),
				),
			},
		},
	})
}

func TestAccFunctionEventInvokeConfig_validation(t *testing.T) {
	cases := map[string]struct {
		body string
		want string
	}{
		"too many retries":   {"  maximum_retry_attempts = 3", `maximum_retry_attempts value must be between 0 and 2`},
		"negative retries":   {"  maximum_retry_attempts = -1", `value must be between 0 and 2`},
		"event age too low":  {"  maximum_event_age_in_seconds = 59", `value must be between 60 and 21600`},
		"event age too high": {"  maximum_event_age_in_seconds = 21601", `value must be between 60 and 21600`},
		"qualified ARN": {"  function_name = \"arn:aws:lambda:us-east-1:123456789012:function:f:live\"",
			`unqualified function\s+ARN`},
		"bad qualifier": {"  qualifier = \"a.b\"", `must be a version number, an alias name or\s+\$LATEST`},
		"destination not an ARN": {"  destination_config {\n    on_failure {\n      destination = \"my-queue\"\n    }\n  }",
			`must be a function,\s+SQS queue, SNS topic, event bus or S3 bucket ARN`},
		"two on_failure blocks": {"  destination_config {\n    on_failure {\n      destination = \"arn:aws:sqs:us-east-1:123456789012:a\"\n    }\n" +
			"    on_failure {\n      destination = \"arn:aws:sqs:us-east-1:123456789012:b\"\n    }\n  }", `at most 1`},
		"two destination_config blocks": {"  destination_config {}\n  destination_config {}", `at most 1`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			body := tc.body
			if !regexp.MustCompile(`function_name`).MatchString(body) {
				body = "  function_name = \"f\"\n" + body
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: acctest.ProviderConfig() + eventInvokeConfigResource(body), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)},
				},
			})
		})
	}
}

// Handlers of the asynchronous end-to-end tests.
const (
	pyOrderFails = `def handler(event, context):
    raise ValueError("order " + str(event["order"]) + " failed")
`
	pyOrderShips = `def handler(event, context):
    return {"shipped": event["order"]}
`
)

// deliveryBound only stops a broken test from hanging: every attempt and
// retry of an event takes well under a second against the engine
// (acctest.EngineAsyncRetryBase), while AWS waits about a minute before
// the first retry.
const deliveryBound = 4 * time.Minute

// destinationRecord is the record Lambda sends to an asynchronous
// invocation's destination.
type destinationRecord struct {
	Version        string `json:"version"`
	RequestContext struct {
		RequestID              string `json:"requestId"`
		FunctionArn            string `json:"functionArn"`
		Condition              string `json:"condition"`
		ApproximateInvokeCount int    `json:"approximateInvokeCount"`
	} `json:"requestContext"`
	RequestPayload  json.RawMessage `json:"requestPayload"`
	ResponseContext struct {
		StatusCode      int    `json:"statusCode"`
		ExecutedVersion string `json:"executedVersion"`
		FunctionError   string `json:"functionError"`
	} `json:"responseContext"`
	ResponsePayload json.RawMessage `json:"responsePayload"`
}

// invokeEvent queues an asynchronous invocation and returns its request ID.
func invokeEvent(t *testing.T, function, payload string) (string, error) {
	t.Helper()
	out, err := acctest.LambdaClient(t).Invoke(context.Background(), &lambda.InvokeInput{
		FunctionName: aws.String(function), InvocationType: lambdatypes.InvocationTypeEvent, Payload: []byte(payload),
	})
	if err != nil {
		return "", fmt.Errorf("Event invocation of %s: %w", function, err)
	}
	if out.StatusCode != 202 {
		return "", fmt.Errorf("Event invocation of %s answered %d, want 202", function, out.StatusCode)
	}
	id, ok := awsmw.GetRequestIDMetadata(out.ResultMetadata)
	if !ok || id == "" {
		return "", fmt.Errorf("Event invocation of %s answered without a request ID", function)
	}
	return id, nil
}

// receiveRecord waits for the destination record in the queue at url.
func receiveRecord(t *testing.T, url string) (destinationRecord, error) {
	t.Helper()
	var rec destinationRecord
	m, err := acctest.ReceiveMessage(t, url, deliveryBound)
	if err != nil {
		return rec, err
	}
	if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &rec); err != nil {
		return rec, fmt.Errorf("destination record %s: %w", aws.ToString(m.Body), err)
	}
	if rec.Version != "1.0" {
		return rec, fmt.Errorf("destination record version %q, want 1.0: %s", rec.Version, aws.ToString(m.Body))
	}
	return rec, nil
}

// jsonEquals compares two JSON documents by value.
func jsonEquals(what string, got []byte, want string) error {
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		return fmt.Errorf("%s %s: %w", what, got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		return fmt.Errorf("%s: expected value %s: %w", what, want, err)
	}
	if !reflect.DeepEqual(g, w) {
		return fmt.Errorf("%s = %s, want %s", what, got, want)
	}
	return nil
}

// TestAccFunctionEventInvokeConfig_asyncFailure runs a failing function
// asynchronously with one retry, an on-failure SQS destination and an SQS
// dead-letter queue: after both attempts failed, the destination gets the
// RetriesExhausted record and the dead-letter queue the original event with
// its RequestID, ErrorCode and ErrorMessage attributes.
func TestAccFunctionEventInvokeConfig_asyncFailure(t *testing.T) {
	acctest.PreCheck(t)
	name := acctest.RandomName("eicfail")
	failures := acctest.CreateQueue(t, acctest.RandomName("eic-onfailure"))
	dlq := acctest.CreateQueue(t, acctest.RandomName("eic-dlq"))
	fn := pythonFunction(t, name, pyOrderFails)
	const payload = `{"order": 42}`
	config := fn(fmt.Sprintf(`  dead_letter_config {
    target_arn = %q
  }`, dlq.ARN), eventInvokeConfigResource(fmt.Sprintf(`  function_name          = lambda_function.test.function_name
  maximum_retry_attempts = 1
  destination_config {
    on_failure {
      destination = %q
    }
  }`, failures.ARN)))
	checkDelivered := func(s *terraform.State) error {
		functionARN, err := stateAttr(s, "lambda_function.test", "arn")
		if err != nil {
			return err
		}
		id, err := invokeEvent(t, name, payload)
		if err != nil {
			return err
		}
		rec, err := receiveRecord(t, failures.URL)
		if err != nil {
			return err
		}
		rc := rec.RequestContext
		if rc.Condition != "RetriesExhausted" || rc.ApproximateInvokeCount != 2 || rc.RequestID != id || rc.FunctionArn != functionARN+":$LATEST" {
			return fmt.Errorf("on-failure record requestContext = %+v, want condition RetriesExhausted, approximateInvokeCount 2 "+
				"(1 + maximum_retry_attempts), requestId %s, functionArn %s:$LATEST", rc, id, functionARN)
		}
		if rec.ResponseContext.FunctionError != "Unhandled" || rec.ResponseContext.StatusCode != 200 {
			return fmt.Errorf("on-failure record responseContext = %+v, want functionError Unhandled, statusCode 200", rec.ResponseContext)
		}
		if err := jsonEquals("on-failure record requestPayload", rec.RequestPayload, payload); err != nil {
			return err
		}
		var resp struct {
			ErrorMessage string `json:"errorMessage"`
			ErrorType    string `json:"errorType"`
		}
		if err := json.Unmarshal(rec.ResponsePayload, &resp); err != nil || resp.ErrorMessage != "order 42 failed" || resp.ErrorType != "ValueError" {
			return fmt.Errorf("on-failure record responsePayload = %s (%v), want the ValueError \"order 42 failed\"", rec.ResponsePayload, err)
		}

		dead, err := acctest.ReceiveMessage(t, dlq.URL, deliveryBound)
		if err != nil {
			return err
		}
		if err := jsonEquals("dead letter", []byte(aws.ToString(dead.Body)), payload); err != nil {
			return err
		}
		attr := func(key string) (string, string) {
			a := dead.MessageAttributes[key]
			return aws.ToString(a.DataType), aws.ToString(a.StringValue)
		}
		for key, want := range map[string][2]string{
			"RequestID":    {"String", id},
			"ErrorCode":    {"Number", "200"},
			"ErrorMessage": {"String", "order 42 failed"},
		} {
			if typ, v := attr(key); typ != want[0] || v != want[1] {
				return fmt.Errorf("dead letter attribute %s = %s %q, want %s %q", key, typ, v, want[0], want[1])
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkEventInvokeConfigDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectEventInvokeConfig("maximum_retry_attempts", knownvalue.Int64Exact(1)),
					destinationsAre(destination(failures.ARN), destination("")),
					expectAttr("lambda_function.test", "dead_letter_config", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"target_arn": knownvalue.StringExact(dlq.ARN)}),
					})),
				},
				Check: checkDelivered,
			},
		},
	})
}

// TestAccFunctionEventInvokeConfig_asyncSuccess runs a function
// asynchronously with an on-success SQS destination, which receives the
// Success record with the function's response.
func TestAccFunctionEventInvokeConfig_asyncSuccess(t *testing.T) {
	acctest.PreCheck(t)
	name := acctest.RandomName("eicok")
	successes := acctest.CreateQueue(t, acctest.RandomName("eic-onsuccess"))
	fn := pythonFunction(t, name, pyOrderShips)
	const payload = `{"order": 7}`
	config := fn("", eventInvokeConfigResource(fmt.Sprintf(`  function_name = lambda_function.test.function_name
  destination_config {
    on_success {
      destination = %q
    }
  }`, successes.ARN)))
	checkDelivered := func(*terraform.State) error {
		id, err := invokeEvent(t, name, payload)
		if err != nil {
			return err
		}
		rec, err := receiveRecord(t, successes.URL)
		if err != nil {
			return err
		}
		rc := rec.RequestContext
		if rc.Condition != "Success" || rc.ApproximateInvokeCount != 1 || rc.RequestID != id {
			return fmt.Errorf("on-success record requestContext = %+v, want condition Success, approximateInvokeCount 1, requestId %s", rc, id)
		}
		if rec.ResponseContext.StatusCode != 200 || rec.ResponseContext.FunctionError != "" || rec.ResponseContext.ExecutedVersion != "$LATEST" {
			return fmt.Errorf("on-success record responseContext = %+v, want statusCode 200, executedVersion $LATEST, no functionError", rec.ResponseContext)
		}
		if err := jsonEquals("on-success record requestPayload", rec.RequestPayload, payload); err != nil {
			return err
		}
		return jsonEquals("on-success record responsePayload", rec.ResponsePayload, `{"shipped": 7}`)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkEventInvokeConfigDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectEventInvokeConfig("maximum_retry_attempts", knownvalue.Int64Exact(2)),
					destinationsAre(destination(""), destination(successes.ARN)),
				},
				Check: checkDelivered,
			},
		},
	})
}
