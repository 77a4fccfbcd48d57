package datasources_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

// TestAccFunctionMetricsDataSource_invocations invokes a function three
// times and reads its metrics back: Invocations Sum 3, Errors Sum 0. It
// needs the engine's invoke path to report to the metrics recorder.
func TestAccFunctionMetricsDataSource_invocations(t *testing.T) {
	if acctest.IsAWS() {
		// On AWS, metrics arrive a minute or more after the invocations,
		// so an assertion right after apply would race CloudWatch.
		t.Skip("CloudWatch publishes Lambda metrics with a delay; this assertion needs the engine's immediate metrics")
	}
	zip := acctest.WriteZip(t, `def handler(event, context):
    return {"n": event["n"]}
`)
	cfg := acctest.ProviderConfig() + fmt.Sprintf(`
resource "lambda_function" "test" {
  function_name = %q
  role          = %q
  handler       = "lambda_function.handler"
  runtime       = "python3.12"
  filename      = %q
}

resource "lambda_invocation" "test" {
  count         = 3
  function_name = lambda_function.test.function_name
  input         = jsonencode({ n = count.index })
}

data "lambda_function_metrics" "invocations" {
  function_name = lambda_function.test.function_name
  metric_name   = "Invocations"
  depends_on    = [lambda_invocation.test]
}

data "lambda_function_metrics" "errors" {
  function_name = lambda_function.test.arn
  metric_name   = "Errors"
  statistic     = "Sum"
  since         = "15m"
  depends_on    = [lambda_invocation.test]
}

data "lambda_function_metrics" "duration" {
  function_name  = lambda_function.test.function_name
  metric_name    = "Duration"
  statistic      = "SampleCount"
  period_seconds = 60
  depends_on     = [lambda_invocation.test]
}
`, acctest.RandomName("dsmetrics"), acctest.RoleARN(t), zip)
	check := func(name, attr string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.lambda_function_metrics."+name, tfjsonpath.New(attr), v)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				check("invocations", "value", knownvalue.Float64Exact(3)),
				check("invocations", "statistic", knownvalue.StringExact("Sum")),
				check("invocations", "datapoints", knownvalue.ListSizeExact(1)),
				check("errors", "value", knownvalue.Float64Exact(0)),
				check("duration", "value", knownvalue.Float64Exact(3)),
				check("duration", "id", knownvalue.StringRegexp(regexp.MustCompile(`^dsmetrics.*/Duration/SampleCount$`))),
			},
		}},
	})
}

func TestAccFunctionMetricsDataSource_validation(t *testing.T) {
	for name, tc := range map[string]struct{ body, want string }{
		"unknown metric":       {`metric_name = "Latency"`, `value must be one of`},
		"unknown statistic":    {"metric_name = \"Errors\"\n  statistic = \"p99\"", `value must be one of`},
		"since and start_time": {"metric_name = \"Errors\"\n  since = \"1h\"\n  start_time = \"2026-01-01T00:00:00Z\"", `cannot be specified when`},
		"bad since":            {"metric_name = \"Errors\"\n  since = \"yesterday\"", `must be a number followed by`},
		"short period":         {"metric_name = \"Errors\"\n  period_seconds = 30", `must be at least 60`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      acctest.ProviderConfig() + "data \"lambda_function_metrics\" \"test\" {\n  function_name = \"f\"\n  " + tc.body + "\n}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
