package resources_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

func planAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, action)},
	}
}

// TestAccFunction_codeChangedFile: rewriting the package at the same path,
// with an unchanged configuration, redeploys it.
func TestAccFunction_codeChangedFile(t *testing.T) {
	name := acctest.RandomName("file")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("v1"))
	v1 := acctest.Sha256(t, zip)
	var v2 string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            basicConfig(name, role, zip),
				ConfigStateChecks: []statecheck.StateCheck{expect("code_sha256", knownvalue.StringExact(v1))},
			},
			{
				PreConfig: func() {
					acctest.RewriteZip(t, zip, acctest.PythonHandler("v2"))
					v2 = acctest.Sha256(t, zip)
				},
				Config:           basicConfig(name, role, zip),
				ConfigPlanChecks: planAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("code_sha256", knownvalue.StringFunc(func(got string) error { return equal(got, v2) })),
				},
			},
		},
	})
}

// TestAccFunction_codeChangedOutOfBand: code deployed behind Terraform's back
// is detected by refresh (code_sha256 differs from the file's hash), shown as
// an update, and repaired by apply; aws_lambda_function misses this (#42826).
func TestAccFunction_codeChangedOutOfBand(t *testing.T) {
	name := acctest.RandomName("oobcode")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("mine"))
	mine := acctest.Sha256(t, zip)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{Config: basicConfig(name, role, zip)},
			{
				PreConfig: func() {
					updateCodeOutOfBand(t, name, acctest.ZipBytes(t, acctest.PythonHandler("someone else's")))
				},
				Config: basicConfig(name, role, zip),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(resourceName, tfjsonpathOf("code_sha256"), knownvalue.StringExact(mine)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{expect("code_sha256", knownvalue.StringExact(mine))},
			},
		},
	})
}

// TestAccFunction_configChangedOutOfBand: configuration drift, including a
// block the user never wrote (tracing), is shown and reverted.
func TestAccFunction_configChangedOutOfBand(t *testing.T) {
	name := acctest.RandomName("oobcfg")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("cfg"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{Config: functionConfig(name, role, zip, `  description = "mine"`)},
			{
				PreConfig: func() {
					updateConfigOutOfBand(t, &lambda.UpdateFunctionConfigurationInput{
						FunctionName:  aws.String(name),
						Description:   aws.String("theirs"),
						MemorySize:    aws.Int32(1024),
						TracingConfig: &lambdatypes.TracingConfig{Mode: lambdatypes.TracingModeActive},
						Environment:   &lambdatypes.Environment{Variables: map[string]string{"INJECTED": "1"}},
					})
				},
				Config:           functionConfig(name, role, zip, `  description = "mine"`),
				ConfigPlanChecks: planAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("description", knownvalue.StringExact("mine")),
					expect("memory_size", knownvalue.Int64Exact(128)),
					expect("tracing_config", knownvalue.ListSizeExact(0)),
					expect("environment", knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

// TestAccFunction_disappears: a function deleted outside Terraform is
// dropped from state on refresh and created again.
func TestAccFunction_disappears(t *testing.T) {
	name := acctest.RandomName("gone")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("gone"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{Config: basicConfig(name, role, zip)},
			{
				PreConfig:         func() { deleteOutOfBand(t, name) },
				Config:            basicConfig(name, role, zip),
				ConfigPlanChecks:  planAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{expect("state", knownvalue.StringExact("Active"))},
			},
		},
	})
}

// TestAccFunction_noopPlanIsEmpty: re-planning an unchanged configuration
// shows nothing, not even "known after apply" noise.
func TestAccFunction_noopPlanIsEmpty(t *testing.T) {
	placeholderARNsOnly(t)
	name := acctest.RandomName("noop")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("noop"))
	config := functionConfig(name, role, zip, allArgumentsBody+"\n  publish = true\n")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{expect("version", knownvalue.StringExact("1"))},
			},
		},
	})
}
