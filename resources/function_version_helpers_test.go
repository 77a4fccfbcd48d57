package resources_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

// checkVersioningDestroyed asks the backend that every function, version,
// alias and permission in the final state is gone.
func checkVersioningDestroyed(t *testing.T) func(*terraform.State) error {
	return func(s *terraform.State) error {
		if err := checkFunctionDestroyed(t)(s); err != nil {
			return err
		}
		ctx, client := context.Background(), acctest.LambdaClient(t)
		for _, rs := range s.RootModule().Resources {
			a := rs.Primary.Attributes
			var err error
			var what string
			switch rs.Type {
			case "lambda_function_version":
				what = "version " + a["function_name"] + ":" + a["version"]
				_, err = lambdaapi.FindFunction(ctx, client, a["function_name"], a["version"])
			case "lambda_alias":
				what = "alias " + a["function_name"] + ":" + a["name"]
				_, err = lambdaapi.FindAlias(ctx, client, a["function_name"], a["name"])
			case "lambda_permission":
				what = "permission " + a["id"]
				_, err = lambdaapi.FindPolicyStatement(ctx, client, a["function_name"], a["qualifier"], a["statement_id"])
			default:
				continue
			}
			if err == nil {
				return fmt.Errorf("%s still exists", what)
			}
			if !lambdaapi.IsNotFound(err) {
				return fmt.Errorf("checking %s: %w", what, err)
			}
		}
		return nil
	}
}

// versionExists asks the backend whether a published version exists.
func versionExists(t *testing.T, function, version string) (bool, error) {
	t.Helper()
	_, err := lambdaapi.FindFunction(context.Background(), acctest.LambdaClient(t), function, version)
	if lambdaapi.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// checkVersions fails unless each version exists (true) or not (false).
func checkVersions(t *testing.T, function string, want map[string]bool) func(*terraform.State) error {
	return func(*terraform.State) error {
		var errs []error
		for v, exists := range want {
			got, err := versionExists(t, function, v)
			if err != nil {
				errs = append(errs, err)
			} else if got != exists {
				errs = append(errs, fmt.Errorf("version %s exists = %v, want %v", v, got, exists))
			}
		}
		return errors.Join(errs...)
	}
}

func expectAttr(address, attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpathOf(attr), v)
}

// deleteVersionOutOfBand deletes a published version behind Terraform's back.
func deleteVersionOutOfBand(t *testing.T, function, version string) {
	t.Helper()
	_, err := acctest.LambdaClient(t).DeleteFunction(context.Background(), &lambda.DeleteFunctionInput{
		FunctionName: aws.String(function), Qualifier: aws.String(version),
	})
	if err != nil {
		t.Fatalf("out-of-band DeleteFunction %s:%s: %v", function, version, err)
	}
}

// stateAttr returns a resource attribute from the state, for import IDs.
func stateAttr(s *terraform.State, address, attr string) (string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return "", fmt.Errorf("%s not in state", address)
	}
	return rs.Primary.Attributes[attr], nil
}
