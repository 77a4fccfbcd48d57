package resources_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

// checkFunctionDestroyed asks the backend that every lambda_function in the
// final state is gone.
func checkFunctionDestroyed(t *testing.T) func(*terraform.State) error {
	return func(s *terraform.State) error {
		client := acctest.LambdaClient(t)
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "lambda_function" {
				continue
			}
			name := rs.Primary.Attributes["function_name"]
			_, err := lambdaapi.FindFunction(context.Background(), client, name, "")
			if err == nil {
				return fmt.Errorf("function %s still exists", name)
			}
			if !lambdaapi.IsNotFound(err) {
				return fmt.Errorf("checking function %s: %w", name, err)
			}
		}
		return nil
	}
}

// updateCodeOutOfBand deploys other code behind Terraform's back.
func updateCodeOutOfBand(t *testing.T, name string, zip []byte) {
	t.Helper()
	ctx := context.Background()
	c := acctest.LambdaClient(t)
	if _, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(name), ZipFile: zip}); err != nil {
		t.Fatalf("out-of-band UpdateFunctionCode: %v", err)
	}
	if err := lambdaapi.WaitUpdated(ctx, c, name, ""); err != nil {
		t.Fatalf("waiting for out-of-band code update: %v", err)
	}
}

// updateConfigOutOfBand changes configuration behind Terraform's back.
func updateConfigOutOfBand(t *testing.T, in *lambda.UpdateFunctionConfigurationInput) {
	t.Helper()
	ctx := context.Background()
	c := acctest.LambdaClient(t)
	if _, err := c.UpdateFunctionConfiguration(ctx, in); err != nil {
		t.Fatalf("out-of-band UpdateFunctionConfiguration: %v", err)
	}
	if err := lambdaapi.WaitUpdated(ctx, c, aws.ToString(in.FunctionName), ""); err != nil {
		t.Fatalf("waiting for out-of-band configuration update: %v", err)
	}
}

// deleteOutOfBand deletes the function behind Terraform's back.
func deleteOutOfBand(t *testing.T, name string) {
	t.Helper()
	ctx := context.Background()
	c := acctest.LambdaClient(t)
	if _, err := c.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(name)}); err != nil {
		t.Fatalf("out-of-band DeleteFunction: %v", err)
	}
	if err := lambdaapi.WaitDeleted(ctx, c, name); err != nil {
		t.Fatalf("waiting for out-of-band delete: %v", err)
	}
}

// basicConfig is a function with only the required arguments.
func basicConfig(name, role, filename string) string {
	return functionConfig(name, role, filename, "")
}

// functionConfig is a python3.12 Zip function with body added inside the
// resource and providerExtra inside the provider block.
func functionConfig(name, role, filename, body string, providerExtra ...string) string {
	return runtimeConfig(name, role, filename, "lambda_function.handler", "python3.12", body, providerExtra...)
}

func runtimeConfig(name, role, filename, handler, runtime, body string, providerExtra ...string) string {
	return acctest.ProviderConfig(providerExtra...) + fmt.Sprintf(`
resource "lambda_function" "test" {
  function_name = %q
  role          = %q
  handler       = %q
  runtime       = %q
  filename      = %q
%s
}
`, name, role, handler, runtime, filename, body)
}
