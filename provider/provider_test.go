package provider_test

import (
	"net"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

func TestMain(m *testing.M) { os.Exit(acctest.RunTests(m)) }

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
				ExpectError: regexp.MustCompile(`(?s)No Lambdaform engine is answering.*lambdaform serve --addr`),
			},
		},
	})
}
