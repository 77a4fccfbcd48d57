package resources_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

const concurrencyName = "lambda_function_concurrency.test"

// checkConcurrencyDestroyed asks the backend that no function of the final
// state is left with a reservation (or exists at all).
func checkConcurrencyDestroyed(t *testing.T) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := acctest.LambdaClient(t)
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "lambda_function_concurrency" && rs.Type != "lambda_function" {
				continue
			}
			name := rs.Primary.Attributes["function_name"]
			out, err := c.GetFunctionConcurrency(context.Background(), &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String(name)})
			switch {
			case lambdaapi.IsNotFound(err):
			case err != nil:
				return fmt.Errorf("checking reserved concurrency of %s: %w", name, err)
			case out.ReservedConcurrentExecutions != nil:
				return fmt.Errorf("function %s still reserves %d", name, aws.ToInt32(out.ReservedConcurrentExecutions))
			}
		}
		return checkFunctionDestroyed(t)(s)
	}
}

func concurrencyConfig(name, role, zip string, reserved int, invoke bool) string {
	cfg := functionConfig(name, role, zip, "", "max_retries = 0") + fmt.Sprintf(`
resource "lambda_function_concurrency" "test" {
  function_name                  = lambda_function.test.function_name
  reserved_concurrent_executions = %d
}
`, reserved)
	if invoke {
		cfg += `
resource "lambda_invocation" "test" {
  function_name = lambda_function.test.function_name
  input         = "{}"
  depends_on    = [lambda_function_concurrency.test]
}
`
	}
	return cfg
}

// TestAccFunctionConcurrency_basic reserves concurrency, imports it,
// changes it, and shows that a reservation of 0 throttles invocations.
func TestAccFunctionConcurrency_basic(t *testing.T) {
	name := acctest.RandomName("reserved")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("ok"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkConcurrencyDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: concurrencyConfig(name, role, zip, 2, true),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(concurrencyName, "reserved_concurrent_executions", knownvalue.Int64Exact(2)),
					expectAttr(concurrencyName, "id", knownvalue.StringExact(name)),
					expectAttr("lambda_invocation.test", "result", knownvalue.StringExact(body("ok"))),
				},
				Check: checkReserved(t, name, 2),
			},
			{
				ResourceName:      concurrencyName,
				ImportState:       true,
				ImportStateId:     name,
				ImportStateVerify: true,
			},
			{
				Config: concurrencyConfig(name, role, zip, 1, false),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(concurrencyName, "reserved_concurrent_executions", knownvalue.Int64Exact(1)),
				},
				Check: checkReserved(t, name, 1),
			},
			{
				Config:      concurrencyConfig(name, role, zip, 0, true),
				ExpectError: regexp.MustCompile(`TooManyRequestsException`),
			},
		},
	})
}

func checkReserved(t *testing.T, name string, want int32) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := acctest.LambdaClient(t).GetFunctionConcurrency(context.Background(), &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String(name)})
		if err != nil {
			return err
		}
		if got := aws.ToInt32(out.ReservedConcurrentExecutions); out.ReservedConcurrentExecutions == nil || got != want {
			return fmt.Errorf("backend reserves %v for %s, want %d", out.ReservedConcurrentExecutions, name, want)
		}
		return nil
	}
}

// A reservation removed behind Terraform's back is planned again.
func TestAccFunctionConcurrency_disappears(t *testing.T) {
	name := acctest.RandomName("reservedgone")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("ok"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkConcurrencyDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: concurrencyConfig(name, role, zip, 3, false),
				Check: func(*terraform.State) error {
					_, err := acctest.LambdaClient(t).DeleteFunctionConcurrency(context.Background(),
						&lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String(name)})
					return err
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: concurrencyConfig(name, role, zip, 3, false),
				Check:  checkReserved(t, name, 3),
			},
		},
	})
}
