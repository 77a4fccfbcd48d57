//go:build !linux

package enginectl

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
)

// errUnsupported: the engine's sandbox needs Linux (cgroups, Pdeathsig).
var errUnsupported = fmt.Errorf("the Lambdaform engine runs on Linux only, not %s: %w", runtime.GOOS, errors.ErrUnsupported)

// Main reports that the engine cannot run here.
func Main([]string) int {
	fmt.Fprintln(os.Stderr, "lambdaform engine:", errUnsupported)
	return 1
}

// Start reports that the engine cannot run here.
func Start(context.Context, StartOptions) (StartResult, error) { return StartResult{}, errUnsupported }

// Stop reports that the engine cannot run here.
func Stop(context.Context, string) (StopResult, error) { return StopResult{}, errUnsupported }
