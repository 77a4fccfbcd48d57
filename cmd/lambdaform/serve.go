package main

import (
	"github.com/spf13/cobra"

	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
)

// newServeCmd is `lambdaform serve`: the same command the provider binary
// runs as `terraform-provider-lambda engine serve` when it starts the
// engine itself (local { autostart = true }), so both take the same flags
// and LAMBDAFORM_* environment variables and hold the data directory's lock.
func newServeCmd() *cobra.Command { return enginectl.NewServeCommand() }
