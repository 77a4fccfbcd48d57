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

const dataAlias = "data.lambda_alias.test"

// aliasConfig publishes two versions of different memory sizes (the second
// in step two) and splits an alias between them when split is set.
func aliasConfig(name, role, zip string, memory int, split bool) string {
	routing := ""
	if split {
		routing = `
  routing_config {
    additional_version_weights = { (lambda_function_version.next.version) = 0.25 }
  }`
	}
	next := ""
	if split {
		next = `
resource "lambda_function_version" "next" {
  function_name = lambda_function.test.function_name
  triggers      = { memory = lambda_function.test.memory_size }
}
`
	}
	return acctest.ProviderConfig() + fmt.Sprintf(`
resource "lambda_function" "test" {
  function_name = %q
  role          = %q
  handler       = "lambda_function.handler"
  runtime       = "python3.12"
  filename      = %q
  memory_size   = %d
}

resource "lambda_function_version" "first" {
  function_name = lambda_function.test.function_name
}
%s
resource "lambda_alias" "test" {
  name             = "live"
  function_name    = lambda_function.test.function_name
  function_version = lambda_function_version.first.version
  description      = "traffic"
%s
}

data "lambda_alias" "test" {
  function_name = lambda_alias.test.function_name
  name          = lambda_alias.test.name
  depends_on    = [lambda_alias.test]
}
`, name, role, zip, memory, next, routing)
}

func sameAsAlias(attr string) statecheck.StateCheck {
	return statecheck.CompareValuePairs(dataAlias, tfjsonpath.New(attr), "lambda_alias.test", tfjsonpath.New(attr), compare.ValuesSame())
}

func TestAccAliasDataSource_basic(t *testing.T) {
	name := acctest.RandomName("dsalias")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("dsalias"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: aliasConfig(name, role, zip, 128, false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataAlias, tfjsonpath.New("id"), knownvalue.StringExact(name+"/live")),
					statecheck.ExpectKnownValue(dataAlias, tfjsonpath.New("function_version"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(dataAlias, tfjsonpath.New("description"), knownvalue.StringExact("traffic")),
					statecheck.ExpectKnownValue(dataAlias, tfjsonpath.New("arn"), knownvalue.StringRegexp(regexp.MustCompile(`:function:`+name+`:live$`))),
					statecheck.ExpectKnownValue(dataAlias, tfjsonpath.New("additional_version_weights"), knownvalue.MapSizeExact(0)),
					sameAsAlias("arn"), sameAsAlias("invoke_arn"), sameAsAlias("revision_id"),
				},
			},
			{
				Config: aliasConfig(name, role, zip, 256, true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataAlias, tfjsonpath.New("function_version"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(dataAlias, tfjsonpath.New("additional_version_weights"),
						knownvalue.MapExact(map[string]knownvalue.Check{"2": knownvalue.Float64Exact(0.25)})),
					sameAsAlias("revision_id"),
				},
			},
		},
	})
}
