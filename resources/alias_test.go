package resources_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

const aliasName = "lambda_alias.test"

func expectAlias(attr string, v knownvalue.Check) statecheck.StateCheck {
	return expectAttr(aliasName, attr, v)
}

func planAliasAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(aliasName, action)}}
}

// canaryConfig is a function whose handler answers with its release marker,
// a pinned "stable" version, optionally a "canary" version of the current
// code, and the alias "live". alias is the body of the alias, invocations
// follow it.
func canaryConfig(name, role, zip string, canary bool, alias string) string {
	cfg := functionConfig(name, role, zip, "") + `
resource "lambda_function_version" "stable" {
  function_name = lambda_function.test.function_name
}

resource "lambda_invocation" "stable" {
  function_name = lambda_function.test.function_name
  qualifier     = lambda_function_version.stable.version
  input         = "{}"
}
`
	if canary {
		cfg += `
resource "lambda_function_version" "canary" {
  function_name = lambda_function.test.function_name
  code_sha256   = lambda_function.test.code_sha256
}

resource "lambda_invocation" "canary" {
  function_name = lambda_function.test.function_name
  qualifier     = lambda_function_version.canary.version
  input         = "{}"
}
`
	}
	return cfg + fmt.Sprintf(`
resource "lambda_alias" "test" {
  name          = "live"
  function_name = lambda_function.test.function_name
%s
}

resource "lambda_invocation" "alias" {
  function_name = lambda_function.test.function_name
  qualifier     = lambda_alias.test.name
  input         = "{}"
  triggers      = { revision = lambda_alias.test.revision_id }
}
`, alias)
}

func body(marker string) string { return fmt.Sprintf(`{"statusCode": 200, "body": %q}`, marker) }

// checkAliasInvocation: the alias's invocation ran one of the versions in
// bodies (executed version → response), and answered with that version's code.
func checkAliasInvocation(bodies map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ran, err := stateAttr(s, "lambda_invocation.alias", "executed_version")
		if err != nil {
			return err
		}
		result, _ := stateAttr(s, "lambda_invocation.alias", "result")
		want, ok := bodies[ran]
		if !ok {
			return fmt.Errorf("the alias ran version %s, want one of %v", ran, bodies)
		}
		if result != want {
			return fmt.Errorf("version %s answered %s, want %s", ran, result, want)
		}
		return nil
	}
}

// checkRouting invokes the alias n times and requires every version of want
// to have run, and want[0] to have run more often than the others when
// majority is set. The bounds are loose enough to be certain in practice:
// with n = 300 at 10%, P(version 2 never runs) = 0.9^300 ≈ 2e-14.
func checkRouting(t *testing.T, name string, n int, majority bool, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx, c := context.Background(), acctest.LambdaClient(t)
		counts := map[string]int{}
		for range n {
			out, err := c.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(name), Qualifier: aws.String("live")})
			if err != nil {
				return fmt.Errorf("invoking %s:live: %w", name, err)
			}
			if out.FunctionError != nil {
				return fmt.Errorf("invoking %s:live: %s: %s", name, *out.FunctionError, out.Payload)
			}
			counts[aws.ToString(out.ExecutedVersion)]++
		}
		if len(counts) != len(want) {
			return fmt.Errorf("versions run: %v, want exactly %v", counts, want)
		}
		for _, v := range want {
			if counts[v] == 0 {
				return fmt.Errorf("versions run: %v, want all of %v", counts, want)
			}
			if majority && v != want[0] && counts[v] >= counts[want[0]] {
				return fmt.Errorf("versions run: %v, want version %s to take most of the traffic", counts, want[0])
			}
		}
		return nil
	}
}

// TestAccAlias_canary rolls a new release out through an alias: publish
// version 1 and point the alias at it, publish version 2, send it 10%, 50%,
// then all of the traffic. Each step checks the alias's state, what its
// invocation returned, and how invocations of the alias were routed.
func TestAccAlias_canary(t *testing.T) {
	name := acctest.RandomName("canary")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("release 1"))
	v1, v2 := body("release 1"), body("release 2")
	weighted := func(w string) string {
		return fmt.Sprintf(`  function_version = lambda_function_version.stable.version
  routing_config {
    additional_version_weights = { (lambda_function_version.canary.version) = %s }
  }`, w)
	}
	weightsAre := func(w float64) statecheck.StateCheck {
		return expectAlias("routing_config", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"additional_version_weights": knownvalue.MapExact(map[string]knownvalue.Check{"2": knownvalue.Float64Exact(w)}),
			}),
		}))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkVersioningDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: canaryConfig(name, role, zip, false, "  function_version = lambda_function_version.stable.version"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("lambda_function_version.stable", "version", knownvalue.StringExact("1")),
					expectAlias("function_version", knownvalue.StringExact("1")),
					expectAlias("routing_config", knownvalue.ListSizeExact(0)),
					expectAlias("id", knownvalue.StringExact(name+"/live")),
					expectAlias("arn", knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:`+name+`:live$`))),
					expectAlias("invoke_arn", knownvalue.StringRegexp(regexp.MustCompile(`:function:`+name+`:live/invocations$`))),
					expectAlias("description", knownvalue.StringExact("")),
					expectAlias("revision_id", knownvalue.NotNull()),
					expectAttr("lambda_invocation.stable", "result", knownvalue.StringExact(v1)),
					expectAttr("lambda_invocation.alias", "result", knownvalue.StringExact(v1)),
					expectAttr("lambda_invocation.alias", "executed_version", knownvalue.StringExact("1")),
				},
			},
			{
				// Release 2: published as version 2, which gets 10%.
				PreConfig:        func() { acctest.RewriteZip(t, zip, acctest.PythonHandler("release 2")) },
				Config:           canaryConfig(name, role, zip, true, weighted("0.1")),
				ConfigPlanChecks: planAliasAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("lambda_function_version.stable", "version", knownvalue.StringExact("1")),
					expectAttr("lambda_function_version.canary", "version", knownvalue.StringExact("2")),
					expectAttr("lambda_invocation.stable", "result", knownvalue.StringExact(v1)),
					expectAttr("lambda_invocation.canary", "result", knownvalue.StringExact(v2)),
					expectAlias("function_version", knownvalue.StringExact("1")),
					weightsAre(0.1),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAliasInvocation(map[string]string{"1": v1, "2": v2}),
					checkRouting(t, name, 300, true, "1", "2"),
				),
			},
			{
				Config:            canaryConfig(name, role, zip, true, weighted("0.5")),
				ConfigPlanChecks:  planAliasAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{expectAlias("function_version", knownvalue.StringExact("1")), weightsAre(0.5)},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAliasInvocation(map[string]string{"1": v1, "2": v2}),
					checkRouting(t, name, 60, false, "1", "2"),
				),
			},
			{
				// 100%: the alias moves to version 2 and the split ends.
				Config:           canaryConfig(name, role, zip, true, "  function_version = lambda_function_version.canary.version"),
				ConfigPlanChecks: planAliasAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAlias("function_version", knownvalue.StringExact("2")),
					expectAlias("routing_config", knownvalue.ListSizeExact(0)),
					expectAttr("lambda_invocation.alias", "result", knownvalue.StringExact(v2)),
					expectAttr("lambda_invocation.alias", "executed_version", knownvalue.StringExact("2")),
				},
				Check: checkRouting(t, name, 20, false, "2"),
			},
			{
				ResourceName:      aliasName,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName: aliasName,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return stateAttr(s, aliasName, "arn")
				},
				ImportStateVerify: true,
			},
			{
				ResourceName:      "lambda_function_version.canary",
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// TestAccAlias_drift: changes and deletion made outside Terraform show up in
// the plan and are undone; a name and an ARN of the function never replace.
func TestAccAlias_drift(t *testing.T) {
	name := acctest.RandomName("aliasdrift")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("drift"))
	cfg := func(fn string) string {
		return functionConfig(name, role, zip, "") + fmt.Sprintf(`
resource "lambda_function_version" "test" {
  function_name = lambda_function.test.function_name
}

resource "lambda_alias" "test" {
  name             = "live"
  function_name    = %s
  function_version = lambda_function_version.test.version
  description      = "production"
}
`, fn)
	}
	ctx := context.Background()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkVersioningDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg("lambda_function.test.function_name"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAlias("function_version", knownvalue.StringExact("1")),
					expectAlias("description", knownvalue.StringExact("production")),
				},
			},
			{
				PreConfig: func() {
					_, err := acctest.LambdaClient(t).UpdateAlias(ctx, &lambda.UpdateAliasInput{
						FunctionName: aws.String(name), Name: aws.String("live"),
						FunctionVersion: aws.String("$LATEST"), Description: aws.String("hand-edited"),
					})
					if err != nil {
						t.Fatalf("out-of-band UpdateAlias: %v", err)
					}
				},
				Config:           cfg("lambda_function.test.function_name"),
				ConfigPlanChecks: planAliasAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAlias("function_version", knownvalue.StringExact("1")),
					expectAlias("description", knownvalue.StringExact("production")),
				},
			},
			{
				PreConfig: func() {
					_, err := acctest.LambdaClient(t).DeleteAlias(ctx, &lambda.DeleteAliasInput{FunctionName: aws.String(name), Name: aws.String("live")})
					if err != nil {
						t.Fatalf("out-of-band DeleteAlias: %v", err)
					}
				},
				Config:            cfg("lambda_function.test.function_name"),
				ConfigPlanChecks:  planAliasAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{expectAlias("function_version", knownvalue.StringExact("1"))},
			},
			{
				// The ARN of the same function: kept as written, no replacement.
				Config:           cfg("lambda_function.test.arn"),
				ConfigPlanChecks: planAliasAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAlias("function_name", knownvalue.StringRegexp(regexp.MustCompile(`^arn:.*:function:`+name+`$`))),
					expectAlias("id", knownvalue.StringExact(name+"/live")),
				},
			},
			{
				// Import by FUNCTION_ARN/ALIAS keeps the ARN.
				ResourceName: aliasName,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					fn, err := stateAttr(s, aliasName, "function_name")
					return fn + "/live", err
				},
				ImportStateVerify: true,
			},
		},
	})
}

// TestAccAlias_routingValidation: AWS's routing rules fail the plan, before
// anything is created.
func TestAccAlias_routingValidation(t *testing.T) {
	cfg := func(version, weights string) string {
		return acctest.ProviderConfig() + fmt.Sprintf(`
resource "lambda_alias" "test" {
  name             = "live"
  function_name    = "does-not-matter"
  function_version = %q
  routing_config {
    additional_version_weights = %s
  }
}
`, version, weights)
	}
	steps := []struct {
		version, weights string
		err              string
	}{
		{"1", `{ "2" = 0.1, "3" = 0.1 }`, `at most two versions`},
		{"$LATEST", `{ "2" = 0.1 }`, `not \$LATEST`},
		{"2", `{ "2" = 0.1 }`, `Version 2 is function_version`},
		{"1", `{ "2" = 1.5 }`, `between 0\.000000 and 1\.000000`},
		{"1", `{ "latest" = 0.5 }`, `must be a published version number`},
	}
	var ts []resource.TestStep
	for _, s := range steps {
		ts = append(ts, resource.TestStep{
			Config:      cfg(s.version, s.weights),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(s.err, " ", `\s+`)),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    ts,
	})
}
