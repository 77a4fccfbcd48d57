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

const (
	// pyContext prints a log line and returns its event with the client
	// context's custom values.
	pyContext = `def handler(event, context):
    print("log line for " + event["name"])
    cc = context.client_context
    return {"hello": event["name"], "custom": cc.custom if cc else None}
`
	nodeThrow = `exports.handler = async (event) => {
  console.log("checking " + event.id);
  throw new TypeError("bad input " + event.id);
};
`
)

func invocationFunction(name, role, zip, handler, runtime, rest string) string {
	return acctest.ProviderConfig() + fmt.Sprintf(`
resource "lambda_function" "test" {
  function_name = %q
  role          = %q
  handler       = %q
  runtime       = %q
  filename      = %q
}
`, name, role, handler, runtime, zip) + rest
}

func TestAccInvocationDataSource_basic(t *testing.T) {
	zip := acctest.WriteZip(t, pyContext)
	cfg := invocationFunction(acctest.RandomName("dsinv"), acctest.RoleARN(t), zip, "lambda_function.handler", "python3.12", `
data "lambda_invocation" "test" {
  function_name  = lambda_function.test.function_name
  input          = jsonencode({ name = "ds" })
  client_context = jsonencode({ custom = { k = "v" } })
  include_log    = true
}

data "lambda_invocation" "quiet" {
  function_name = lambda_function.test.arn
  qualifier     = "$LATEST"
  input         = jsonencode({ name = "quiet" })
}
`)
	d := func(name, attr string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.lambda_invocation."+name, tfjsonpath.New(attr), v)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					d("test", "result", knownvalue.StringExact(`{"hello": "ds", "custom": {"k": "v"}}`)),
					d("test", "executed_version", knownvalue.StringExact("$LATEST")),
					d("test", "log_result", knownvalue.StringRegexp(regexp.MustCompile(`log line for ds`))),
					d("quiet", "result", knownvalue.StringExact(`{"hello": "quiet", "custom": null}`)),
					d("quiet", "log_result", knownvalue.Null()),
				},
			},
		},
	})
}

func TestAccInvocationDataSource_functionError(t *testing.T) {
	zip := acctest.WriteZipFiles(t, map[string]string{"index.js": nodeThrow})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: invocationFunction(acctest.RandomName("dsfail"), acctest.RoleARN(t), zip, "index.handler", "nodejs20.x", `
data "lambda_invocation" "test" {
  function_name = lambda_function.test.function_name
  input         = jsonencode({ id = 42 })
}
`),
				ExpectError: regexp.MustCompile(`(?s)TypeError: bad\s+input\s+42.*Log tail:.*checking\s+42`),
			},
		},
	})
}

func TestAccInvocationDataSource_validation(t *testing.T) {
	for name, tc := range map[string]struct{ body, want string }{
		"input not JSON":          {`input = "{"`, `must be a JSON document`},
		"client context array":    {"input = \"{}\"\n  client_context = \"[1]\"", `must be a JSON object: got an array`},
		"client context not JSON": {"input = \"{}\"\n  client_context = \"x\"", `must be a JSON object`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      acctest.ProviderConfig() + "data \"lambda_invocation\" \"test\" {\n  function_name = \"f\"\n  " + tc.body + "\n}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
