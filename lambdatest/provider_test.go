package lambdatest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lambdaform/terraform-provider-lambda/lambdatest"
	"github.com/lambdaform/terraform-provider-lambda/provider"
)

// ProviderConfig in a terraform-plugin-testing acceptance test, as another
// provider's or module's suite would use it (runs with TF_ACC=1, as
// `make test` sets).
func TestAccProviderConfig(t *testing.T) {
	e := lambdatest.Start(t)
	code, err := lambdatest.Zip(map[string]string{"index.py": echoHandler})
	if err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(t.TempDir(), "echo.zip")
	if err := os.WriteFile(zipPath, code, 0o600); err != nil {
		t.Fatal(err)
	}
	config := e.ProviderConfig() + fmt.Sprintf(`
resource "lambda_function" "echo" {
  function_name    = "tf-echo"
  role             = %q
  runtime          = "python3.12"
  handler          = "index.handler"
  filename         = %q
  source_code_hash = filebase64sha256(%[2]q)
}

resource "lambda_invocation" "echo" {
  function_name = lambda_function.echo.function_name
  input         = jsonencode({ name = "tf" })
}
`, e.RoleARN(), zipPath)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"lambda": providerserver.NewProtocol6WithError(provider.New("test")()),
		},
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("lambda_function.echo", tfjsonpath.New("arn"),
					knownvalue.StringExact("arn:aws:lambda:us-east-1:000000000000:function:tf-echo")),
				statecheck.ExpectKnownValue("lambda_invocation.echo", tfjsonpath.New("result"),
					knownvalue.StringRegexp(regexp.MustCompile(`^\{"event": ?\{"name": ?"tf"\}, ?"function": ?"tf-echo"\}$`))),
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			_, err := e.LambdaClient().GetFunction(t.Context(), &lambda.GetFunctionInput{FunctionName: aws.String("tf-echo")})
			var nf *types.ResourceNotFoundException
			if !errorsAs(err, &nf) {
				return fmt.Errorf("tf-echo after destroy: GetFunction = %v, want ResourceNotFoundException", err)
			}
			return nil
		},
	})
}
