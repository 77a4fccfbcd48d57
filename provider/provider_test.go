package provider_test

import (
	"net"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
)

// TestMain also lets this test binary act as the provider executable does
// when the provider autostarts its bundled engine: the in-process provider
// re-executes os.Executable(), which here is the test binary, with
// `engine serve …`.
func TestMain(m *testing.M) {
	if enginectl.IsCommand(os.Args[1:]) {
		os.Exit(enginectl.Main(os.Args[2:]))
	}
	os.Exit(acctest.RunTests(m))
}

// TestAccProvider_engineUnreachable: with no engine at the endpoint the
// provider fails once, in Configure, and says how to start one.
func TestAccProvider_engineUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + ln.Addr().String()
	ln.Close()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
provider "lambda" {
  endpoint = "` + endpoint + `"
}
data "lambda_function" "x" {
  function_name = "anything"
}`,
				ExpectError: regexp.MustCompile(`(?s)No Lambdaform engine is answering.*lambdaform serve\s+--addr\s+\S+\s+--data-dir\s.*autostart\s+=\s+true`),
			},
		},
	})
}
