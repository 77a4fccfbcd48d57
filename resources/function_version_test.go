package resources_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

const versionName = "lambda_function_version.test"

func versionConfig(name, role, zip, body string) string {
	return functionConfig(name, role, zip, "") + fmt.Sprintf(`
resource "lambda_function_version" "test" {
  function_name = lambda_function.test.function_name
  code_sha256   = lambda_function.test.code_sha256
%s
  # Publish the new version before deleting the old one: aliases can move in
  # between, and lambda_function's version reads the latest existing one.
  lifecycle {
    create_before_destroy = true
  }
}
`, body)
}

func expectVersion(attr string, v knownvalue.Check) statecheck.StateCheck {
	return expectAttr(versionName, attr, v)
}

// TestAccFunctionVersion_basic: a version is published on create, left alone
// while nothing changes, republished (and the old one deleted, or kept with
// skip_destroy) when the code changes, and re-published when deleted out of
// band.
func TestAccFunctionVersion_basic(t *testing.T) {
	name := acctest.RandomName("ver")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("ver v1"))
	qualified := func(v string) *regexp.Regexp {
		return regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:` + name + `:` + v + `$`)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkVersioningDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: versionConfig(name, role, zip, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					expectVersion("version", knownvalue.StringExact("1")),
					expectVersion("id", knownvalue.StringExact(name+":1")),
					expectVersion("arn", knownvalue.StringRegexp(qualified("1"))),
					expectVersion("function_arn", knownvalue.StringRegexp(regexp.MustCompile(`:function:`+name+`$`))),
					expectVersion("invoke_arn", knownvalue.StringRegexp(regexp.MustCompile(`:apigateway:.*:function:`+name+`:1/invocations$`))),
					expectVersion("code_sha256", knownvalue.StringExact(acctest.Sha256(t, zip))),
					expectVersion("description", knownvalue.StringExact("")),
					expectVersion("skip_destroy", knownvalue.Bool(false)),
					expectVersion("revision_id", knownvalue.NotNull()),
					expectVersion("last_modified", knownvalue.NotNull()),
				},
			},
			{
				ResourceName:      versionName,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Import by qualified ARN gives function_name as the ARN;
				// the ID stays NAME:VERSION.
				ResourceName: versionName,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return stateAttr(s, versionName, "arn")
				},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["version"] != "1" || states[0].ID != name+":1" ||
						!regexp.MustCompile(`^arn:.*:function:`+name+`$`).MatchString(states[0].Attributes["function_name"]) {
						return fmt.Errorf("unexpected import by ARN: %+v", states)
					}
					return nil
				},
			},
			{
				// New code: the version is replaced, version 1 deleted.
				PreConfig:        func() { acctest.RewriteZip(t, zip, acctest.PythonHandler("ver v2")) },
				Config:           versionConfig(name, role, zip, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(versionName, plancheck.ResourceActionReplace)}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectVersion("version", knownvalue.StringExact("2")),
					// The package was rewritten by PreConfig: hash it then.
					expectVersion("code_sha256", knownvalue.StringFunc(func(v string) error { return equal(v, acctest.Sha256(t, zip)) })),
				},
				Check: checkVersions(t, name, map[string]bool{"1": false, "2": true}),
			},
			{
				// skip_destroy changes no version.
				Config:            versionConfig(name, role, zip, "  skip_destroy = true"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(versionName, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{expectVersion("version", knownvalue.StringExact("2")), expectVersion("skip_destroy", knownvalue.Bool(true))},
			},
			{
				// A description and a trigger republish; with skip_destroy
				// the old version stays for rollbacks.
				PreConfig: func() { acctest.RewriteZip(t, zip, acctest.PythonHandler("ver v3")) },
				Config:    versionConfig(name, role, zip, "  skip_destroy = true\n  description = \"release 3\"\n  triggers = { release = \"3\" }"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectVersion("version", knownvalue.StringExact("3")),
					expectVersion("description", knownvalue.StringExact("release 3")),
				},
				Check: checkVersions(t, name, map[string]bool{"2": true, "3": true}),
			},
			{
				// Deleted out of band: the plan publishes it again.
				PreConfig: func() { deleteVersionOutOfBand(t, name, "3") },
				Config:    versionConfig(name, role, zip, "  skip_destroy = true\n  description = \"release 3\"\n  triggers = { release = \"3\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(versionName, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectVersion("version", knownvalue.StringExact("4"))},
			},
			{
				// Back to deleting on destroy, so CheckDestroy can verify.
				Config: versionConfig(name, role, zip, "  description = \"release 3\"\n  triggers = { release = \"3\" }"),
			},
		},
	})
}

// TestAccFunctionVersion_unchanged: Lambda answers an identical publish with
// the existing version. A second owner of it is refused; with skip_destroy
// it is adopted.
func TestAccFunctionVersion_unchanged(t *testing.T) {
	name := acctest.RandomName("verdup")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("dup"))
	dup := func(body string) string {
		return versionConfig(name, role, zip, "") + fmt.Sprintf(`
resource "lambda_function_version" "dup" {
  function_name = lambda_function_version.test.function_arn
%s
}
`, body)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkVersioningDestroyed(t),
		Steps: []resource.TestStep{
			{Config: versionConfig(name, role, zip, ""), ConfigStateChecks: []statecheck.StateCheck{expectVersion("version", knownvalue.StringExact("1"))}},
			{Config: dup(""), ExpectError: regexp.MustCompile(`unchanged since version 1`)},
			{
				Config: dup("  skip_destroy = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("lambda_function_version.dup", "version", knownvalue.StringExact("1")),
					expectAttr("lambda_function_version.dup", "function_name", knownvalue.StringRegexp(regexp.MustCompile(`^arn:.*:function:`+name+`$`))),
				},
			},
		},
	})
}
