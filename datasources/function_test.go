package datasources_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

const (
	dataName     = "data.lambda_function.test"
	dataVersion1 = "data.lambda_function.v1"
	resName      = "lambda_function.test"
)

func config(name, role, zip string) string {
	return acctest.ProviderConfig() + fmt.Sprintf(`
resource "lambda_function" "test" {
  function_name = %q
  role          = %q
  handler       = "lambda_function.handler"
  runtime       = "python3.12"
  filename      = %q
  description   = "read me"
  memory_size   = 256
  timeout       = 10
  publish       = true

  environment {
    variables = { GREETING = "hello" }
  }
  tags = { team = "data" }
}

data "lambda_function" "test" {
  function_name = lambda_function.test.function_name
  depends_on    = [lambda_function.test]
}

data "lambda_function" "v1" {
  function_name = lambda_function.test.arn
  qualifier     = lambda_function.test.version
}
`, name, role, zip)
}

// sameAsResource checks that the data source reports attr exactly as the
// resource does.
func sameAsResource(attr string) statecheck.StateCheck {
	return statecheck.CompareValuePairs(dataName, tfjsonpath.New(attr), resName, tfjsonpath.New(attr), compare.ValuesSame())
}

func TestAccFunctionDataSource_basic(t *testing.T) {
	name := acctest.RandomName("ds")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("ds"))
	d := func(attr string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(dataName, tfjsonpath.New(attr), v)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(name, role, zip),
				ConfigStateChecks: []statecheck.StateCheck{
					sameAsResource("arn"),
					sameAsResource("invoke_arn"),
					sameAsResource("qualified_arn"),
					sameAsResource("qualified_invoke_arn"),
					sameAsResource("version"),
					sameAsResource("code_sha256"),
					sameAsResource("code_size"),
					sameAsResource("last_modified"),
					sameAsResource("revision_id"),
					d("role", knownvalue.StringExact(role)),
					d("handler", knownvalue.StringExact("lambda_function.handler")),
					d("runtime", knownvalue.StringExact("python3.12")),
					d("description", knownvalue.StringExact("read me")),
					d("memory_size", knownvalue.Int64Exact(256)),
					d("timeout", knownvalue.Int64Exact(10)),
					d("version", knownvalue.StringExact("1")),
					d("state", knownvalue.StringExact("Active")),
					d("code_sha256", knownvalue.StringExact(acctest.Sha256(t, zip))),
					d("architectures", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("x86_64")})),
					d("tags", knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("data")})),
					d("environment", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"variables": knownvalue.MapExact(map[string]knownvalue.Check{"GREETING": knownvalue.StringExact("hello")}),
					})})),
					d("tracing_config", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"mode": knownvalue.StringExact("PassThrough"),
					})})),
					statecheck.ExpectKnownValue(dataVersion1, tfjsonpath.New("version"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(dataVersion1, tfjsonpath.New("qualified_arn"),
						knownvalue.StringRegexp(regexp.MustCompile(`:function:`+name+`:1$`))),
					statecheck.CompareValuePairs(dataVersion1, tfjsonpath.New("arn"), resName, tfjsonpath.New("arn"), compare.ValuesSame()),
				},
			},
		},
	})
}

func TestAccFunctionDataSource_notFound(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.ProviderConfig() + `
data "lambda_function" "test" {
  function_name = "` + acctest.RandomName("missing") + `"
}`,
				ExpectError: regexp.MustCompile(`ResourceNotFoundException`),
			},
		},
	})
}
