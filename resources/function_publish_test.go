package resources_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

func versionIs(name, v string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		expect("version", knownvalue.StringExact(v)),
		expect("qualified_arn", knownvalue.StringRegexp(regexp.MustCompile(`:function:`+name+`:`+regexp.QuoteMeta(v)+`$`))),
		expect("qualified_invoke_arn", knownvalue.StringRegexp(regexp.MustCompile(`:function:`+name+`:`+regexp.QuoteMeta(v)+`/invocations$`))),
	}
}

// TestAccFunction_publish pins the publish contract of aws_lambda_function:
// turning publish on publishes once, unchanged applies do not publish,
// changes do, and turning publish off keeps the last version.
func TestAccFunction_publish(t *testing.T) {
	name := acctest.RandomName("pub")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("pub"))
	cfg := func(body string) string { return functionConfig(name, role, zip, body) }
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{Config: cfg(""), ConfigStateChecks: versionIs(name, "$LATEST")},
			{
				Config:            cfg("  publish = true"),
				ConfigPlanChecks:  planAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: versionIs(name, "1"),
			},
			{
				Config: cfg("  publish = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: versionIs(name, "1"),
			},
			// Like AWS, a description-only change gives no new version, so
			// change a setting that counts.
			{
				Config:            cfg("  publish = true\n  memory_size = 256"),
				ConfigStateChecks: versionIs(name, "2"),
			},
			{
				PreConfig:         func() { acctest.RewriteZip(t, zip, acctest.PythonHandler("pub v3")) },
				Config:            cfg("  publish = true\n  memory_size = 256"),
				ConfigStateChecks: versionIs(name, "3"),
			},
			{
				Config:            cfg("  publish = false\n  memory_size = 512"),
				ConfigStateChecks: versionIs(name, "3"),
			},
		},
	})
}

func TestAccFunction_publishOnCreate(t *testing.T) {
	name := acctest.RandomName("pubc")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("pubc"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{Config: functionConfig(name, role, zip, "  publish = true"), ConfigStateChecks: versionIs(name, "1")},
		},
	})
}
