// Command lambdaform runs Lambdaform's local engine, which serves AWS
// Lambda's REST API so the AWS SDKs, CLI and the lambda provider can use it
// in place of AWS.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCmd().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "lambdaform:", err)
		stop()
		os.Exit(1)
	}
}
