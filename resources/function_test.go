package resources_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

const resourceName = "lambda_function.test"

// importIgnore lists what cannot be read back from the API.
var importIgnore = []string{"filename", "publish", "source_code_hash"}

func expect(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(resourceName, tfjsonpath.New(attr), v)
}

func TestAccFunction_basic(t *testing.T) {
	name := acctest.RandomName("basic")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("v1"))
	arnRe := regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:` + name + `$`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: basicConfig(name, role, zip),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("id", knownvalue.StringExact(name)),
					expect("function_name", knownvalue.StringExact(name)),
					expect("arn", knownvalue.StringRegexp(arnRe)),
					expect("invoke_arn", knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/arn:.*:function:`+name+`/invocations$`))),
					expect("qualified_arn", knownvalue.StringRegexp(regexp.MustCompile(`:function:`+name+`:\$LATEST$`))),
					expect("version", knownvalue.StringExact("$LATEST")),
					expect("code_sha256", knownvalue.StringExact(acctest.Sha256(t, zip))),
					expect("code_size", knownvalue.Int64Func(func(v int64) error { return positive(v) })),
					expect("source_code_size", knownvalue.Int64Func(func(v int64) error { return positive(v) })),
					expect("memory_size", knownvalue.Int64Exact(128)),
					expect("timeout", knownvalue.Int64Exact(3)),
					expect("description", knownvalue.StringExact("")),
					expect("architectures", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("x86_64")})),
					expect("package_type", knownvalue.StringExact("Zip")),
					expect("state", knownvalue.StringExact("Active")),
					expect("publish", knownvalue.Bool(false)),
					expect("revision_id", knownvalue.NotNull()),
					expect("last_modified", knownvalue.NotNull()),
					// Blocks the API always reports stay absent when not configured.
					expect("tracing_config", knownvalue.ListSizeExact(0)),
					expect("ephemeral_storage", knownvalue.ListSizeExact(0)),
					expect("logging_config", knownvalue.ListSizeExact(0)),
					expect("environment", knownvalue.ListSizeExact(0)),
					expect("tags", knownvalue.Null()),
					expect("tags_all", knownvalue.MapSizeExact(0)),
				},
			},
			{
				ResourceName:            resourceName,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: importIgnore,
			},
		},
	})
}
