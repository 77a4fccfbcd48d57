package resources_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

const invocationName = "lambda_invocation.test"

// Handlers used by the invocation tests. Python's json.dumps separates with
// ", " and ": ", Node's JSON.stringify with nothing, as on AWS.
const (
	pyGreet = `def handler(event, context):
    return {"greeting": "hello " + event["name"], "runtime": "python"}
`
	pyRequestID = `def handler(event, context):
    return context.aws_request_id
`
	pyFail = `def handler(event, context):
    print("about to fail for " + event["name"])
    raise ValueError("no widgets for " + event["name"])
`
	nodeSum = `exports.handler = async (event) => ({ sum: event.a + event.b, runtime: "node" });
`
	// nodeEcho returns its event and, when RECORD_FILE is set (local
	// backend only), appends it to that file: the record of every
	// invocation, including the one on destroy.
	nodeEcho = `const fs = require("fs");
exports.handler = async (event) => {
  if (process.env.RECORD_FILE) fs.appendFileSync(process.env.RECORD_FILE, JSON.stringify(event) + "\n");
  return event;
};
`
)

func expectInvocation(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(invocationName, tfjsonpathOf(attr), v)
}

func invocationPlan(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(invocationName, action)},
	}
}

// pythonFunction returns a config builder for a python3.12 function with
// source as lambda_function.py: fnBody goes inside lambda_function.test,
// rest after it. The package is written once, so steps share it.
func pythonFunction(t *testing.T, name, source string) func(fnBody, rest string) string {
	zip, role := acctest.WriteZip(t, source), acctest.RoleARN(t)
	return func(fnBody, rest string) string {
		return runtimeConfig(name, role, zip, "lambda_function.handler", "python3.12", fnBody) + rest
	}
}

// nodeFunction is pythonFunction for a nodejs20.x function with source as index.js.
func nodeFunction(t *testing.T, name, source string) func(fnBody, rest string) string {
	zip, role := acctest.WriteZipFiles(t, map[string]string{"index.js": source}), acctest.RoleARN(t)
	return func(fnBody, rest string) string {
		return runtimeConfig(name, role, zip, "index.handler", "nodejs20.x", fnBody) + rest
	}
}

func invocation(body string) string {
	return fmt.Sprintf(`
resource "lambda_invocation" "test" {
  function_name = lambda_function.test.function_name
%s
}
`, body)
}

func TestAccInvocation_python(t *testing.T) {
	fn := pythonFunction(t, acctest.RandomName("invpy"), pyGreet)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: fn("", invocation(`  input = jsonencode({ name = "world" })`)),
				ConfigStateChecks: []statecheck.StateCheck{
					expectInvocation("result", knownvalue.StringExact(`{"greeting": "hello world", "runtime": "python"}`)),
					expectInvocation("executed_version", knownvalue.StringExact("$LATEST")),
					expectInvocation("qualifier", knownvalue.StringExact("$LATEST")),
					expectInvocation("lifecycle_scope", knownvalue.StringExact("CREATE_ONLY")),
					expectInvocation("terraform_key", knownvalue.StringExact("tf")),
					expectInvocation("id", knownvalue.StringRegexp(regexp.MustCompile(`^invpy-[a-z0-9]+,\$LATEST,[0-9a-f]{32}$`))),
				},
			},
			{
				// A new input replaces the resource, which invokes again.
				Config:           fn("", invocation(`  input = jsonencode({ name = "again" })`)),
				ConfigPlanChecks: invocationPlan(plancheck.ResourceActionReplace),
				ConfigStateChecks: []statecheck.StateCheck{
					expectInvocation("result", knownvalue.StringExact(`{"greeting": "hello again", "runtime": "python"}`)),
				},
			},
		},
	})
}

func TestAccInvocation_node(t *testing.T) {
	fn := nodeFunction(t, acctest.RandomName("invnode"), nodeSum)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: fn("", invocation(`  input = jsonencode({ a = 2, b = 3 })`)),
				ConfigStateChecks: []statecheck.StateCheck{
					expectInvocation("result", knownvalue.StringExact(`{"sum":5,"runtime":"node"}`)),
					expectInvocation("executed_version", knownvalue.StringExact("$LATEST")),
				},
			},
		},
	})
}

func TestAccInvocation_functionError(t *testing.T) {
	fn := pythonFunction(t, acctest.RandomName("invfail"), pyFail)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: fn("", invocation(`  input = jsonencode({ name = "acme" })`)),
				// The errorType and errorMessage from the payload, then the
				// log tail with what the function printed.
				ExpectError: regexp.MustCompile(`(?s)ValueError: no\s+widgets\s+for\s+acme.*Log tail:.*about\s+to\s+fail\s+for\s+acme`),
			},
		},
	})
}

// TestAccInvocation_triggers: the function returns its request ID, so an
// unchanged result proves it was not invoked and a new one that it was.
func TestAccInvocation_triggers(t *testing.T) {
	fn := pythonFunction(t, acctest.RandomName("invtrig"), pyRequestID)
	cfg := func(input, triggers string) string {
		return fn("", invocation(fmt.Sprintf("  input = %s\n  triggers = %s", input, triggers)))
	}
	same := statecheck.CompareValue(compare.ValuesSame())
	differ := statecheck.CompareValue(compare.ValuesDiffer())
	uuid := regexp.MustCompile(`^"[0-9a-f-]{36}"$`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg(`jsonencode({ k = "v" })`, `{ v = "1" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					expectInvocation("result", knownvalue.StringRegexp(uuid)),
					same.AddStateValue(invocationName, tfjsonpathOf("result")),
				},
			},
			{
				// Plan and refresh do not invoke.
				Config: cfg(`jsonencode({ k = "v" })`, `{ v = "1" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{same.AddStateValue(invocationName, tfjsonpathOf("result"))},
			},
			{
				// The same JSON, formatted differently, and a new scope:
				// an update that does not invoke.
				Config:           cfg("\"{ \\\"k\\\" : \\\"v\\\" }\"\n  lifecycle_scope = \"CRUD\"", `{ v = "1" }`),
				ConfigPlanChecks: invocationPlan(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					same.AddStateValue(invocationName, tfjsonpathOf("result")),
					differ.AddStateValue(invocationName, tfjsonpathOf("result")),
				},
			},
			{
				Config:           cfg(`jsonencode({ k = "v" })`, `{ v = "2" }`),
				ConfigPlanChecks: invocationPlan(plancheck.ResourceActionReplace),
				ConfigStateChecks: []statecheck.StateCheck{
					expectInvocation("result", knownvalue.StringRegexp(uuid)),
					differ.AddStateValue(invocationName, tfjsonpathOf("result")),
				},
			},
		},
	})
}

// TestAccInvocation_crud: with CRUD the function sees create, update and
// delete, each exactly once, with the previous input.
func TestAccInvocation_crud(t *testing.T) {
	fn := nodeFunction(t, acctest.RandomName("invcrud"), nodeEcho)
	record := ""
	fnBody := ""
	if !acctest.IsAWS() {
		record = filepath.Join(t.TempDir(), "events.jsonl")
		fnBody = fmt.Sprintf("  environment {\n    variables = { RECORD_FILE = %q }\n  }", record)
	}
	cfg := func(body string) string {
		return fn(fnBody, invocation("  lifecycle_scope = \"CRUD\"\n"+body))
	}
	const (
		create  = `{"key1":"value1","tf":{"action":"create","prev_input":null}}`
		update  = `{"key1":"valueB","tf":{"action":"update","prev_input":{"key1":"value1"}}}`
		update2 = `{"key1":"valueB","lifecycle":{"action":"update","prev_input":{"key1":"valueB"}}}`
		destroy = `{"key1":"valueB","lifecycle":{"action":"delete","prev_input":{"key1":"valueB"}}}`
	)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            cfg(`  input = jsonencode({ key1 = "value1" })`),
				ConfigStateChecks: []statecheck.StateCheck{expectInvocation("result", knownvalue.StringExact(create))},
			},
			{
				Config:            cfg(`  input = jsonencode({ key1 = "valueB" })`),
				ConfigPlanChecks:  invocationPlan(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{expectInvocation("result", knownvalue.StringExact(update))},
			},
			{
				// A triggers change alone is an update invocation too.
				Config:            cfg("  input = jsonencode({ key1 = \"valueB\" })\n  terraform_key = \"lifecycle\"\n  triggers = { v = \"1\" }"),
				ConfigPlanChecks:  invocationPlan(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{expectInvocation("result", knownvalue.StringExact(update2))},
			},
			{
				// Removing the invocation invokes with the delete action.
				Config: fn(fnBody, ""),
				Check: func(*terraform.State) error {
					if record == "" {
						t.Log("AWS backend: the delete invocation is not observable from the test")
						return nil
					}
					return checkRecorded(record, create, update, update2, destroy)
				},
			},
		},
	})
}

// checkRecorded compares the events a function recorded with want, in order.
func checkRecorded(file string, want ...string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("reading the function's record: %w", err)
	}
	got := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		return fmt.Errorf("the function received\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	return nil
}

// TestAccInvocation_qualifier invokes a published version; a new version
// changes the qualifier, which replaces the invocation.
func TestAccInvocation_qualifier(t *testing.T) {
	name := acctest.RandomName("invqual")
	zip := acctest.WriteZip(t, acctest.PythonHandler("v1"))
	cfg := runtimeConfig(name, acctest.RoleARN(t), zip, "lambda_function.handler", "python3.12", "  publish = true") +
		invocation("  qualifier = lambda_function.test.version\n  input = \"{}\"")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					expectInvocation("qualifier", knownvalue.StringExact("1")),
					expectInvocation("executed_version", knownvalue.StringExact("1")),
					expectInvocation("result", knownvalue.StringExact(`{"statusCode": 200, "body": "v1"}`)),
				},
			},
			{
				PreConfig:        func() { acctest.RewriteZip(t, zip, acctest.PythonHandler("v2")) },
				Config:           cfg,
				ConfigPlanChecks: invocationPlan(plancheck.ResourceActionReplace),
				ConfigStateChecks: []statecheck.StateCheck{
					expectInvocation("qualifier", knownvalue.StringExact("2")),
					expectInvocation("executed_version", knownvalue.StringExact("2")),
					expectInvocation("result", knownvalue.StringExact(`{"statusCode": 200, "body": "v2"}`)),
				},
			},
		},
	})
}

func TestAccInvocation_validation(t *testing.T) {
	fn := `
resource "lambda_invocation" "test" {
  function_name = "f"
%s
}
`
	cases := map[string]struct {
		body string
		want string
	}{
		"input not JSON":       {`  input = "{nope"`, `must be a JSON document`},
		"crud needs an object": {"  input = \"[1]\"\n  lifecycle_scope = \"CRUD\"", `input must be a JSON object`},
		"crud key taken":       {"  input = jsonencode({ tf = 1 })\n  lifecycle_scope = \"CRUD\"", `input already has the key tf`},
		"unknown scope":        {"  input = \"{}\"\n  lifecycle_scope = \"ALWAYS\"", `value must be one of`},
		"qualified ARN":        {"  input = \"{}\"\n  function_name = \"arn:aws:lambda:us-east-1:123456789012:function:f:1\"", `unqualified function\s+ARN`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			body := tc.body
			cfg := fmt.Sprintf(fn, body)
			if strings.Contains(body, "function_name") {
				cfg = strings.Replace(cfg, "  function_name = \"f\"\n", "", 1)
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: acctest.ProviderConfig() + cfg, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)},
				},
			})
		})
	}
}
