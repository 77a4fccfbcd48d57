// Command noopprovider is the floor for `tofu apply` timing: a
// terraform-plugin-framework provider, served from its own plugin process
// like terraform-provider-lambda, whose one resource (noop_thing) does no
// work at all. Applying N of them measures OpenTofu plus the plugin
// protocol, and nothing else. Built by `make bench` as
// terraform-provider-noop and used through dev_overrides.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

func main() {
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address: "registry.opentofu.org/lambdaform/noop",
	})
	if err != nil {
		log.Fatal(err)
	}
}
