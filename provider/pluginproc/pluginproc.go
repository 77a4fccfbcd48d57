// Package pluginproc tunes a provider's plugin process. It is kept free of
// dependencies so that the benchmark's no-op provider can apply the same
// settings as terraform-provider-lambda without linking the rest of it.
package pluginproc

import (
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

// Settings for the provider's plugin process. OpenTofu and Terraform start a
// fresh provider process for each phase of a command (validate, plan,
// apply) and send it one or more RPCs per resource; with lambda_function's
// large schema most of that process's CPU went to two things no user sees:
//
//   - The SDK's own logs. terraform-plugin-go and terraform-plugin-framework
//     log at TRACE unless told otherwise, several lines per attribute per
//     RPC, JSON-encoded on the provider's stderr. The CLI decodes every line
//     and then drops it unless TF_LOG or TF_LOG_PROVIDER asks for provider
//     logs. For 50 functions that was about half the provider's CPU and a
//     third of the CLI's.
//   - Garbage collection of a heap of a few MB that every RPC churns through
//     (the framework allocates ~2.5 MB to plan one function).
const (
	// pluginCookieKey is set by the CLI (go-plugin's handshake) in the
	// environment of every provider it starts; it is absent when the
	// provider runs in-process in the acceptance tests or with -debug,
	// where logs are read directly and the process is the test's own.
	pluginCookieKey = "TF_PLUGIN_MAGIC_COOKIE"
	// pluginGCPercent trades a little memory for a quarter of the
	// provider's CPU: the live heap is small, so a larger GOGC costs a few
	// MB at most.
	pluginGCPercent = 400
)

// sdkLogLevelVars set the levels of the SDK's loggers (root, protocol,
// framework). Only those the user did not set are turned off.
var sdkLogLevelVars = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

var tuneOnce sync.Once

// Tune applies the settings above when this process was started by the CLI
// as a plugin. It is idempotent; provider.New calls it.
func Tune() {
	tuneOnce.Do(func() {
		env, gcPercent := pluginSettings(os.LookupEnv)
		for k, v := range env {
			_ = os.Setenv(k, v) // Setenv fails only on invalid names
		}
		if gcPercent > 0 {
			debug.SetGCPercent(gcPercent)
		}
	})
}

// pluginSettings says which environment variables to set and which GC
// percentage to use (0: leave it) in a process with the given environment.
func pluginSettings(lookup func(string) (string, bool)) (env map[string]string, gcPercent int) {
	if v, _ := lookup(pluginCookieKey); v == "" {
		return nil, 0
	}
	env = map[string]string{}
	if !cliShowsProviderLogs(lookup) {
		for _, k := range sdkLogLevelVars {
			if v, _ := lookup(k); v == "" {
				env[k] = "off"
			}
		}
	}
	if v, _ := lookup("GOGC"); v == "" {
		gcPercent = pluginGCPercent
	}
	return env, gcPercent
}

// cliShowsProviderLogs mirrors how OpenTofu (and Terraform) choose the level
// of the log they keep of their providers: TF_LOG_PROVIDER, else TF_LOG;
// unset or "off" keeps nothing. The provider inherits the CLI's environment.
func cliShowsProviderLogs(lookup func(string) (string, bool)) bool {
	level, _ := lookup("TF_LOG_PROVIDER")
	if level == "" {
		level, _ = lookup("TF_LOG")
	}
	return level != "" && !strings.EqualFold(level, "off")
}
