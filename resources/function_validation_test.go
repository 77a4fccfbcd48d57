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

// TestAccFunction_invalidConfig: mistakes are caught at plan time, before
// any API call.
func TestAccFunction_invalidConfig(t *testing.T) {
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("x"))
	p := acctest.ProviderConfig()
	cases := []struct {
		name, config string
		want         string
	}{
		{"bad name", functionConfig("bad name!", role, zip, ""), `letters,\s+digits,\s+hyphens\s+and\s+underscores`},
		{"bad role", functionConfig("ok", "not-an-arn", zip, ""), `must be an IAM role ARN`},
		{"memory too small", functionConfig("ok", role, zip, "  memory_size = 64"), `between 128 and 10240`},
		{"two architectures", functionConfig("ok", role, zip, `  architectures = ["x86_64", "arm64"]`), `at\s+least\s+1\s+elements\s+and\s+at\s+most\s+1`},
		{"two code sources", functionConfig("ok", role, zip, `  s3_bucket = "b"`+"\n"+`  s3_key = "k"`), `(?s)Invalid Attribute Combination`},
		{"two environment blocks", functionConfig("ok", role, zip, "  environment {}\n  environment {}"), `(?s)at most 1`},
		{"missing handler", p + `
resource "lambda_function" "test" {
  function_name = "ok"
  role          = "` + role + `"
  runtime       = "python3.12"
  filename      = "` + zip + `"
}`, `Missing handler`},
		{"image without package_type", p + `
resource "lambda_function" "test" {
  function_name = "ok"
  role          = "` + role + `"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:latest"
}`, `image_uri needs package_type`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: tc.config, ExpectError: regexp.MustCompile(tc.want)},
				},
			})
		})
	}
}

// TestAccFunction_engineUnsupported: settings the local engine cannot honour
// fail the apply with the engine's own error, not silently.
func TestAccFunction_engineUnsupported(t *testing.T) {
	if acctest.IsAWS() {
		t.Skip("checks the local engine's refusals")
	}
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("x"))
	s3 := acctest.ProviderConfig() + `
resource "lambda_function" "test" {
  function_name = "s3code"
  role          = "` + role + `"
  handler       = "lambda_function.handler"
  runtime       = "python3.12"
  s3_bucket     = "bucket"
  s3_key        = "fn.zip"
}`
	cases := []struct{ name, config, want string }{
		{"s3 code", s3, `ZipFile only`},
		{"layers", functionConfig("layers", role, zip, `  layers = ["arn:aws:lambda:us-east-1:123456789012:layer:l:1"]`), `does not support\s+Layers`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             checkFunctionDestroyed(t),
				Steps: []resource.TestStep{
					{Config: tc.config, ExpectError: regexp.MustCompile(tc.want)},
				},
			})
		})
	}
}

// TestAccFunction_sourceCodeHashTrigger: changing source_code_hash forces a
// code update even though the package is unchanged; it is never overwritten
// from the API. Also exercises the timeouts block.
func TestAccFunction_sourceCodeHashTrigger(t *testing.T) {
	name := acctest.RandomName("sch")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("sch"))
	body := func(trigger string) string {
		return `  source_code_hash = "` + trigger + `"
  timeouts {
    create = "2m"
    update = "2m"
    delete = "2m"
  }`
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            functionConfig(name, role, zip, body("build-1")),
				ConfigStateChecks: []statecheck.StateCheck{expect("source_code_hash", knownvalue.StringExact("build-1"))},
			},
			{
				Config: functionConfig(name, role, zip, body("build-2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(resourceName, tfjsonpathOf("code_size")),
						plancheck.ExpectUnknownValue(resourceName, tfjsonpathOf("revision_id")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("source_code_hash", knownvalue.StringExact("build-2")),
					expect("code_sha256", knownvalue.StringExact(acctest.Sha256(t, zip))),
				},
			},
		},
	})
}
