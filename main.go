// Command terraform-provider-lambda serves the Lambdaform provider to
// Terraform and OpenTofu over plugin protocol 6.
//
// It also bundles the Lambdaform engine: `terraform-provider-lambda engine
// serve --addr … --data-dir …` runs it (with the flags of `lambdaform
// serve`), and `terraform-provider-lambda engine stop --data-dir …` stops it.
// The provider starts it that way for local { autostart = true }.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
	"github.com/lambdaform/terraform-provider-lambda/provider"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if enginectl.IsCommand(os.Args[1:]) {
		os.Exit(enginectl.Main(os.Args[2:]))
	}
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/lambdaform/lambda",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
