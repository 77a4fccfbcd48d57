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
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

const (
	permS3   = "lambda_permission.s3"
	permAcct = "lambda_permission.account"
	permURL  = "lambda_permission.url"
	permOrg  = "lambda_permission.org"
	permTok  = "lambda_permission.alexa"
)

// permissionsConfig is a function with one permission of each kind; s3Body
// and extra vary between steps.
func permissionsConfig(name, role, zip, s3Body, extra string) string {
	return functionConfig(name, role, zip, "") + fmt.Sprintf(`
resource "lambda_permission" "s3" {
  function_name = lambda_function.test.arn
  action        = "lambda:InvokeFunction"
  principal     = "s3.amazonaws.com"
%s
}

resource "lambda_permission" "account" {
  function_name       = lambda_function.test.arn
  statement_id_prefix = "acct-"
  action              = "lambda:GetFunction"
  principal           = "210987654321"
}

resource "lambda_permission" "url" {
  function_name          = lambda_function.test.arn
  statement_id           = "PublicURL"
  action                 = "lambda:InvokeFunctionUrl"
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "lambda_permission" "org" {
  function_name    = lambda_function.test.arn
  statement_id     = "Org"
  action           = "lambda:InvokeFunction"
  principal        = "*"
  principal_org_id = "o-abcdefghij"
}

# Alexa skills use principal alexa-appkit.amazon.com, which the engine does
# not accept yet (it knows only *.amazonaws.com service principals).
resource "lambda_permission" "alexa" {
  function_name      = lambda_function.test.arn
  statement_id       = "Alexa"
  action             = "lambda:InvokeFunction"
  principal          = "events.amazonaws.com"
  event_source_token = "amzn1.ask.skill.abc-123"
}
%s
`, s3Body, extra)
}

// statementInPolicy asks the backend whether the policy holds sid.
func statementInPolicy(t *testing.T, function, qualifier, sid string, want bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := lambdaapi.FindPolicyStatement(context.Background(), acctest.LambdaClient(t), function, qualifier, sid)
		switch {
		case err == nil && !want:
			return fmt.Errorf("statement %s is still in the policy of %s", sid, function)
		case lambdaapi.IsNotFound(err) && want:
			return fmt.Errorf("statement %s is not in the policy of %s", sid, function)
		case err != nil && !lambdaapi.IsNotFound(err):
			return err
		}
		return nil
	}
}

func importByFunctionName(address string) resource.TestStep {
	return resource.TestStep{
		ResourceName: address,
		ImportState:  true,
		// FUNCTION_ARN/STATEMENT_ID: the function stays written as an ARN.
		ImportStateIdFunc: func(s *terraform.State) (string, error) {
			fn, err := stateAttr(s, address, "function_name")
			if err != nil {
				return "", err
			}
			sid, err := stateAttr(s, address, "statement_id")
			return fn + "/" + sid, err
		},
		ImportStateVerify:       true,
		ImportStateVerifyIgnore: []string{"statement_id_prefix"},
	}
}

// TestAccPermission_basic adds a permission of each kind, imports them,
// replaces one whose condition changes, re-adds one removed out of band and
// removes one from the configuration.
func TestAccPermission_basic(t *testing.T) {
	name := acctest.RandomName("perm")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("perm"))
	s3 := func(account string) string {
		return fmt.Sprintf("  statement_id   = \"AllowS3\"\n  source_arn     = \"arn:aws:s3:::lambdaform-bucket\"\n  source_account = %q", account)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkVersioningDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: permissionsConfig(name, role, zip, s3("123456789012"), ""),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(permS3, "id", knownvalue.StringExact(name+"/AllowS3")),
					expectAttr(permS3, "statement_id", knownvalue.StringExact("AllowS3")),
					expectAttr(permS3, "action", knownvalue.StringExact("lambda:InvokeFunction")),
					expectAttr(permS3, "principal", knownvalue.StringExact("s3.amazonaws.com")),
					expectAttr(permS3, "source_arn", knownvalue.StringExact("arn:aws:s3:::lambdaform-bucket")),
					expectAttr(permS3, "source_account", knownvalue.StringExact("123456789012")),
					expectAttr(permS3, "event_source_token", knownvalue.Null()),
					expectAttr(permS3, "principal_org_id", knownvalue.Null()),
					expectAttr(permS3, "function_url_auth_type", knownvalue.Null()),
					expectAttr(permS3, "qualifier", knownvalue.Null()),
					expectAttr(permAcct, "statement_id", knownvalue.StringRegexp(regexp.MustCompile(`^acct-\d{26}$`))),
					// AWS stores arn:aws:iam::210987654321:root; the account ID stays.
					expectAttr(permAcct, "principal", knownvalue.StringExact("210987654321")),
					expectAttr(permAcct, "action", knownvalue.StringExact("lambda:GetFunction")),
					expectAttr(permURL, "function_url_auth_type", knownvalue.StringExact("NONE")),
					expectAttr(permURL, "principal", knownvalue.StringExact("*")),
					expectAttr(permOrg, "principal_org_id", knownvalue.StringExact("o-abcdefghij")),
					expectAttr(permTok, "event_source_token", knownvalue.StringExact("amzn1.ask.skill.abc-123")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					statementInPolicy(t, name, "", "AllowS3", true),
					statementInPolicy(t, name, "", "PublicURL", true),
				),
			},
			importByFunctionName(permS3),
			importByFunctionName(permAcct),
			importByFunctionName(permURL),
			importByFunctionName(permOrg),
			{
				// FUNCTION_NAME/STATEMENT_ID: the bare name.
				ResourceName:      permTok,
				ImportState:       true,
				ImportStateId:     name + "/Alexa",
				ImportStateVerify: false,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					if len(states) != 1 || a["function_name"] != name || a["statement_id"] != "Alexa" ||
						a["event_source_token"] != "amzn1.ask.skill.abc-123" || a["principal"] != "events.amazonaws.com" {
						return fmt.Errorf("unexpected import: %v", a)
					}
					return nil
				},
			},
			{
				// A changed condition re-creates the statement.
				Config: permissionsConfig(name, role, zip, s3("210987654321"), ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(permS3, plancheck.ResourceActionReplace),
					plancheck.ExpectResourceAction(permAcct, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectAttr(permS3, "source_account", knownvalue.StringExact("210987654321"))},
				Check:             statementInPolicy(t, name, "", "AllowS3", true),
			},
			{
				// Removed out of band: added again.
				PreConfig: func() {
					_, err := acctest.LambdaClient(t).RemovePermission(context.Background(), &lambda.RemovePermissionInput{
						FunctionName: aws.String(name), StatementId: aws.String("PublicURL"),
					})
					if err != nil {
						t.Fatalf("out-of-band RemovePermission: %v", err)
					}
				},
				Config: permissionsConfig(name, role, zip, s3("210987654321"), ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(permURL, plancheck.ResourceActionCreate),
				}},
				Check: statementInPolicy(t, name, "", "PublicURL", true),
			},
			{
				// Removed from the configuration: removed from the policy.
				Config: functionConfig(name, role, zip, "") + `
resource "lambda_permission" "s3" {
  function_name  = lambda_function.test.arn
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::lambdaform-bucket"
  source_account = "210987654321"
}
`,
				Check: resource.ComposeAggregateTestCheckFunc(
					statementInPolicy(t, name, "", "AllowS3", true),
					statementInPolicy(t, name, "", "PublicURL", false),
					statementInPolicy(t, name, "", "Org", false),
					statementInPolicy(t, name, "", "Alexa", false),
				),
			},
		},
	})
}

// TestAccPermission_functionReplaced pins complaint #13 of the AWS provider:
// when the function is replaced, its policy goes with it, and the
// permission is re-created in the same apply. A permission on an alias is
// imported with FUNCTION:QUALIFIER/STATEMENT_ID.
func TestAccPermission_functionReplaced(t *testing.T) {
	name := acctest.RandomName("permrep")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("permrep"))
	cfg := functionConfig(name, role, zip, "") + `
resource "lambda_permission" "test" {
  function_name = lambda_function.test.arn
  statement_id  = "AllowSNS"
  action        = "lambda:InvokeFunction"
  principal     = "sns.amazonaws.com"
  source_arn    = "arn:aws:sns:us-east-1:123456789012:topic"
}

resource "lambda_function_version" "test" {
  function_name = lambda_function.test.arn
}

resource "lambda_alias" "test" {
  name             = "live"
  function_name    = lambda_function.test.arn
  function_version = lambda_function_version.test.version
}

resource "lambda_permission" "alias" {
  function_name = lambda_function.test.arn
  qualifier     = lambda_alias.test.name
  statement_id  = "AllowEvents"
  action        = "lambda:InvokeFunction"
  principal     = "events.amazonaws.com"
}
`
	replaced := []plancheck.PlanCheck{}
	for _, a := range []string{"lambda_function.test", "lambda_permission.test", "lambda_permission.alias", "lambda_alias.test", "lambda_function_version.test"} {
		replaced = append(replaced, plancheck.ExpectResourceAction(a, plancheck.ResourceActionReplace))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkVersioningDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("lambda_permission.alias", "id", knownvalue.StringExact(name+":live/AllowEvents")),
					expectAttr("lambda_permission.alias", "qualifier", knownvalue.StringExact("live")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					statementInPolicy(t, name, "", "AllowSNS", true),
					statementInPolicy(t, name, "live", "AllowEvents", true),
					statementInPolicy(t, name, "", "AllowEvents", false),
				),
			},
			{
				ResourceName: "lambda_permission.alias",
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					fn, err := stateAttr(s, "lambda_permission.alias", "function_name")
					return fn + ":live/AllowEvents", err
				},
				ImportStateVerify: true,
			},
			{
				// Replace the function (as a package_type change would):
				// everything on it is re-created in this one apply, and the
				// post-apply plan is empty.
				Config:           cfg,
				Taint:            []string{"lambda_function.test"},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: replaced},
				Check: resource.ComposeAggregateTestCheckFunc(
					statementInPolicy(t, name, "", "AllowSNS", true),
					statementInPolicy(t, name, "live", "AllowEvents", true),
				),
			},
		},
	})
}
