package main

import (
	"github.com/spf13/cobra"

	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
)

// newStopCmd is `lambdaform stop [--data-dir .lambdaform]`: it ends the
// engine serving the data directory, whether `lambdaform serve` or the
// provider (local { autostart = true }) started it.
func newStopCmd() *cobra.Command { return enginectl.NewStopCommand("stop") }
