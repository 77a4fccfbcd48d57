package resources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

func strMap(kv ...string) knownvalue.Check {
	m := map[string]knownvalue.Check{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = knownvalue.StringExact(kv[i+1])
	}
	return knownvalue.MapExact(m)
}

// TestAccFunction_defaultTags: tags_all merges the provider's default_tags
// with the resource's tags (which win), and follows changes of either.
func TestAccFunction_defaultTags(t *testing.T) {
	name := acctest.RandomName("tags")
	role := acctest.RoleARN(t)
	zip := acctest.WriteZip(t, acctest.PythonHandler("tags"))
	defaults := func(kv string) string { return "  default_tags {\n    tags = {" + kv + "}\n  }" }
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkFunctionDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: functionConfig(name, role, zip, "", defaults(`project = "lf", env = "default"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("tags", knownvalue.Null()),
					expect("tags_all", strMap("project", "lf", "env", "default")),
				},
			},
			{
				Config: functionConfig(name, role, zip, `  tags = { env = "mine", team = "a" }`, defaults(`project = "lf", env = "default"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("tags", strMap("env", "mine", "team", "a")),
					expect("tags_all", strMap("project", "lf", "env", "mine", "team", "a")),
				},
			},
			{
				Config: functionConfig(name, role, zip, `  tags = { team = "b" }`, defaults(`project = "other"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("tags", strMap("team", "b")),
					expect("tags_all", strMap("project", "other", "team", "b")),
				},
			},
			{
				ResourceName:            resourceName,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: importIgnore,
			},
			{
				Config: functionConfig(name, role, zip, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("tags", knownvalue.Null()),
					expect("tags_all", knownvalue.MapSizeExact(0)),
				},
			},
		},
	})
}
