package resources_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

const provisionedName = "lambda_provisioned_concurrency_config.test"

// pyInitType answers with how its execution environment was initialised.
const pyInitType = `import os
def handler(event, context):
    return os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE")
`

// checkProvisionedDestroyed asks the backend that no provisioned
// concurrency configuration of the final state is left, and that the
// function, versions and aliases are gone.
func checkProvisionedDestroyed(t *testing.T) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := acctest.LambdaClient(t)
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "lambda_provisioned_concurrency_config" {
				continue
			}
			a := rs.Primary.Attributes
			_, err := c.GetProvisionedConcurrencyConfig(context.Background(), &lambda.GetProvisionedConcurrencyConfigInput{
				FunctionName: aws.String(a["function_name"]), Qualifier: aws.String(a["qualifier"]),
			})
			var nf *types.ProvisionedConcurrencyConfigNotFoundException
			switch {
			case err == nil:
				return fmt.Errorf("provisioned concurrency on %s:%s still exists", a["function_name"], a["qualifier"])
			case !errors.As(err, &nf) && !lambdaapi.IsNotFound(err):
				return fmt.Errorf("checking provisioned concurrency on %s:%s: %w", a["function_name"], a["qualifier"], err)
			}
		}
		return checkVersioningDestroyed(t)(s)
	}
}

func provisionedConfig(name, role, zip string, n int) string {
	return functionConfig(name, role, zip, "") + fmt.Sprintf(`
resource "lambda_function_version" "v" {
  function_name = lambda_function.test.function_name
}

resource "lambda_alias" "live" {
  name             = "live"
  function_name    = lambda_function.test.function_name
  function_version = lambda_function_version.v.version
}

resource "lambda_provisioned_concurrency_config" "test" {
  function_name                     = lambda_function.test.function_name
  qualifier                         = lambda_alias.live.name
  provisioned_concurrent_executions = %d
}

# The first call after the configuration is READY runs on a provisioned
# environment: no cold start.
resource "lambda_invocation" "first" {
  function_name = lambda_function.test.function_name
  qualifier     = lambda_alias.live.name
  input         = "{}"
  depends_on    = [lambda_provisioned_concurrency_config.test]
}
`, n)
}

// TestAccProvisionedConcurrencyConfig_alias provisions an alias, which is
// READY when the apply returns and serves the first call warm; then
// imports, resizes and destroys it.
func TestAccProvisionedConcurrencyConfig_alias(t *testing.T) {
	name := acctest.RandomName("provisioned")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, pyInitType)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkProvisionedDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: provisionedConfig(name, role, zip, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(provisionedName, "id", knownvalue.StringExact(name+",live")),
					expectAttr(provisionedName, "provisioned_concurrent_executions", knownvalue.Int64Exact(1)),
					expectAttr(provisionedName, "skip_destroy", knownvalue.Bool(false)),
					expectAttr("lambda_invocation.first", "result", knownvalue.StringExact(`"provisioned-concurrency"`)),
				},
				Check: checkProvisionedReady(t, name, "live", 1),
			},
			{
				ResourceName:            provisionedName,
				ImportState:             true,
				ImportStateId:           name + ",live",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				Config: provisionedConfig(name, role, zip, 2),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(provisionedName, "provisioned_concurrent_executions", knownvalue.Int64Exact(2)),
				},
				Check: checkProvisionedReady(t, name, "live", 2),
			},
		},
	})
}

func checkProvisionedReady(t *testing.T, function, qualifier string, want int32) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := acctest.LambdaClient(t).GetProvisionedConcurrencyConfig(context.Background(), &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(function), Qualifier: aws.String(qualifier)})
		if err != nil {
			return err
		}
		if out.Status != types.ProvisionedConcurrencyStatusEnumReady || aws.ToInt32(out.AllocatedProvisionedConcurrentExecutions) != want {
			return fmt.Errorf("backend: status %s, %d allocated, want READY with %d", out.Status,
				aws.ToInt32(out.AllocatedProvisionedConcurrentExecutions), want)
		}
		return nil
	}
}

// $LATEST is refused at plan time, as the backend would refuse it.
func TestAccProvisionedConcurrencyConfig_latest(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.ProviderConfig() + `
resource "lambda_provisioned_concurrency_config" "test" {
  function_name                     = "any"
  qualifier                         = "$LATEST"
  provisioned_concurrent_executions = 1
}
`,
				ExpectError: regexp.MustCompile(`\$LATEST\s+cannot\s+be\s+provisioned`),
			},
		},
	})
}
