package resources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

const dlqARN = "arn:aws:sqs:us-east-1:123456789012:lambdaform-dlq"
const kmsARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"

// Every updatable argument the local engine supports, set to a non-default
// value (layers need published layer versions, which it does not serve).
// On AWS the ARNs and IDs below must be replaced with real resources.
const allArgumentsBody = `
  description = "first"
  kms_key_arn = "` + kmsARN + `"
  memory_size = 256
  timeout     = 30
  architectures = ["arm64"]

  environment {
    variables = { A = "1", B = "2" }
  }
  ephemeral_storage {
    size = 1024
  }
  tracing_config {
    mode = "Active"
  }
  logging_config {
    log_format            = "JSON"
    application_log_level = "DEBUG"
    system_log_level      = "WARN"
  }
  dead_letter_config {
    target_arn = "` + dlqARN + `"
  }
  vpc_config {
    subnet_ids         = ["subnet-1", "subnet-2"]
    security_group_ids = ["sg-1"]
  }
  tags = { team = "a", env = "test" }
`

// The same arguments, each changed again (role, handler and runtime are
// changed by the test).
const changedArgumentsBody = `
  description = "second"
  memory_size = 512
  timeout     = 60
  architectures = ["x86_64"]

  environment {
    variables = { A = "changed", C = "3" }
  }
  ephemeral_storage {
    size = 2048
  }
  tracing_config {
    mode = "PassThrough"
  }
  logging_config {
    log_format = "Text"
    log_group  = "/custom/group"
  }
  vpc_config {
    subnet_ids         = ["subnet-3"]
    security_group_ids = ["sg-1", "sg-2"]
  }
  tags = { team = "b", owner = "me" }
`

func updateStep(config string, checks ...statecheck.StateCheck) resource.TestStep {
	return resource.TestStep{
		Config: config,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
		},
		ConfigStateChecks: checks,
	}
}

// placeholderARNsOnly skips tests whose configuration names placeholder
// queues, keys and subnets: the engine stores them, AWS would refuse them.
func placeholderARNsOnly(t *testing.T) {
	t.Helper()
	if acctest.IsAWS() {
		t.Skip("uses placeholder DLQ, KMS and VPC identifiers that only the local engine accepts")
	}
}

func TestAccFunction_allArguments(t *testing.T) {
	placeholderARNsOnly(t)
	name := acctest.RandomName("all")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("all"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            functionConfig(name, role, zip, allArgumentsBody+"\n  publish = true\n"),
				ConfigStateChecks: allArgumentsChecks(),
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

func allArgumentsChecks() []statecheck.StateCheck {
	return []statecheck.StateCheck{
		expect("description", knownvalue.StringExact("first")),
		expect("memory_size", knownvalue.Int64Exact(256)),
		expect("timeout", knownvalue.Int64Exact(30)),
		expect("architectures", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("arm64")})),
		expect("environment", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"variables": knownvalue.MapExact(map[string]knownvalue.Check{"A": knownvalue.StringExact("1"), "B": knownvalue.StringExact("2")}),
		})})),
		expect("ephemeral_storage", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"size": knownvalue.Int64Exact(1024),
		})})),
		expect("tracing_config", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"mode": knownvalue.StringExact("Active"),
		})})),
		expect("logging_config", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"log_format":            knownvalue.StringExact("JSON"),
			"application_log_level": knownvalue.StringExact("DEBUG"),
			"system_log_level":      knownvalue.StringExact("WARN"),
		})})),
		expect("kms_key_arn", knownvalue.StringExact(kmsARN)),
		expect("dead_letter_config", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"target_arn": knownvalue.StringExact(dlqARN),
		})})),
		expect("vpc_config", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"subnet_ids":         knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("subnet-1"), knownvalue.StringExact("subnet-2")}),
			"security_group_ids": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("sg-1")}),
		})})),
		expect("tags", knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("a"), "env": knownvalue.StringExact("test")})),
		expect("tags_all", knownvalue.MapSizeExact(2)),
		expect("version", knownvalue.StringExact("1")),
	}
}

// TestAccFunction_updateEveryArgument changes each updatable argument in
// place (never replacing the function), then removes them all again.
func TestAccFunction_updateEveryArgument(t *testing.T) {
	placeholderARNsOnly(t)
	name := acctest.RandomName("upd")
	role := acctest.RoleARN(t)
	role2 := role + "-2"
	zip := acctest.WriteZip(t, acctest.PythonHandler("upd"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{Config: basicConfig(name, role, zip)},
			updateStep(functionConfig(name, role, zip, allArgumentsBody), allArgumentsChecksUnpublished()...),
			updateStep(runtimeConfig(name, role2, zip, "lambda_function.other", "python3.13", changedArgumentsBody),
				expect("role", knownvalue.StringExact(role2)),
				expect("handler", knownvalue.StringExact("lambda_function.other")),
				expect("runtime", knownvalue.StringExact("python3.13")),
				expect("description", knownvalue.StringExact("second")),
				expect("memory_size", knownvalue.Int64Exact(512)),
				expect("timeout", knownvalue.Int64Exact(60)),
				expect("architectures", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("x86_64")})),
				expect("environment", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"variables": knownvalue.MapExact(map[string]knownvalue.Check{"A": knownvalue.StringExact("changed"), "C": knownvalue.StringExact("3")}),
				})})),
				expect("ephemeral_storage", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"size": knownvalue.Int64Exact(2048),
				})})),
				expect("tracing_config", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"mode": knownvalue.StringExact("PassThrough"),
				})})),
				expect("logging_config", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"log_format": knownvalue.StringExact("Text"),
					"log_group":  knownvalue.StringExact("/custom/group"),
				})})),
				expect("kms_key_arn", knownvalue.Null()),
				expect("dead_letter_config", knownvalue.ListSizeExact(0)),
				expect("vpc_config", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"subnet_ids":         knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("subnet-3")}),
					"security_group_ids": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("sg-1"), knownvalue.StringExact("sg-2")}),
				})})),
				expect("tags", knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("b"), "owner": knownvalue.StringExact("me")})),
				expect("version", knownvalue.StringExact("$LATEST")),
			),
			// Removing every optional block and argument reverts the function
			// to AWS's defaults, and the next plan is empty.
			updateStep(basicConfig(name, role, zip),
				expect("description", knownvalue.StringExact("")),
				expect("memory_size", knownvalue.Int64Exact(128)),
				expect("timeout", knownvalue.Int64Exact(3)),
				expect("environment", knownvalue.ListSizeExact(0)),
				expect("ephemeral_storage", knownvalue.ListSizeExact(0)),
				expect("tracing_config", knownvalue.ListSizeExact(0)),
				expect("logging_config", knownvalue.ListSizeExact(0)),
				expect("vpc_config", knownvalue.ListSizeExact(0)),
				expect("tags", knownvalue.Null()),
				expect("tags_all", knownvalue.MapSizeExact(0)),
			),
		},
	})
}

func allArgumentsChecksUnpublished() []statecheck.StateCheck {
	checks := allArgumentsChecks()
	return append(checks[:len(checks)-1], expect("version", knownvalue.StringExact("$LATEST")))
}
