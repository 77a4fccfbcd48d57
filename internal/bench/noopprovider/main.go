// Command noopprovider is the floor for `tofu apply` timing: a
// terraform-plugin-framework provider, served from its own plugin process
// like terraform-provider-lambda, whose resources do no work at all.
// Applying N noop_thing (two attributes) measures OpenTofu plus the plugin
// protocol, and nothing else; applying N noop_function (lambda_function's
// schema) adds what OpenTofu and the framework spend on a schema that size.
// Built by `make bench` as terraform-provider-noop and used through
// dev_overrides.
package main

import (
	"context"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/lambdaform/terraform-provider-lambda/provider/pluginproc"
)

// likeLambdaEnv, when set to 1, gives this process the plugin-process
// settings terraform-provider-lambda runs with (package pluginproc:
// SDK logs off unless the CLI keeps them, a larger GOGC), so that
// noop_function differs from lambda_function only by the resource's code.
// The floor, noop_thing, runs without: a provider as the framework makes it.
const likeLambdaEnv = "LAMBDAFORM_NOOP_LIKE_LAMBDA"

func main() {
	if os.Getenv(likeLambdaEnv) == "1" {
		pluginproc.Tune()
	}
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address: "registry.opentofu.org/lambdaform/noop",
	})
	if err != nil {
		log.Fatal(err)
	}
}
