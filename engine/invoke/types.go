package invoke

import (
	"log/slog"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/runtimes"
)

// Function is the configuration an invocation runs with.
type Function struct {
	Name, Version, ARN string // ARN as invoked (qualified when a qualifier was used)
	Runtime, Handler   string
	MemoryMB           int
	TimeoutSec         int
	EphemeralMB        int
	Env                map[string]string // the function's own variables
	// CodeKey (hex sha256) identifies the code; environments are reused only
	// for the same CodeKey and RevisionID.
	CodeKey     string
	CodeZipPath string // the zip blob, unpacked once per CodeKey
	// RevisionID changes with any configuration change: environments of an
	// older revision are retired and never serve the new configuration.
	RevisionID        string
	LogGroup          string
	LogFormat         string // "Text" or "JSON"
	Region, AccountID string
}

// Request is one synchronous invocation.
type Request struct {
	RequestID     string // generated when empty
	Payload       []byte
	ClientContext []byte // decoded JSON
	WantLogTail   bool
}

// Result is what the caller of Invoke receives. A function error is a
// Result with FunctionError set, not a Go error.
type Result struct {
	Payload         []byte
	FunctionError   string // "" or "Unhandled"
	LogTail         []byte // last 4 KB of this invocation's log lines, when asked for
	Duration        time.Duration
	InitDuration    time.Duration // only on a cold start
	MaxMemoryUsedMB int
	// ErrorType is the platform's error type (Sandbox.Timedout,
	// Runtime.ExitError, …) or the runtime-reported one, for metrics.
	ErrorType string
}

// LogEvent is one CloudWatch Logs event.
type LogEvent struct {
	Time    time.Time
	Message string
}

// LogSink receives log events, in order per stream.
type LogSink interface {
	Append(group, stream string, events []LogEvent) error
}

// Config configures a Manager.
type Config struct {
	Runtimes  *runtimes.Registry
	WorkDir   string
	Logs      LogSink       // nil discards logs
	KeepAlive time.Duration // idle environments are stopped after this; default 5m
	Logger    *slog.Logger
	// MemoryMode forces a memory-limit mechanism ("cgroup2", "cgroup1",
	// "watchdog"); empty picks the best available.
	MemoryMode string
	// AnyCPU lets every environment run on any CPU instead of placing it
	// (see sandbox.CPUs).
	AnyCPU bool
	// ConcurrencyLimit is the account's concurrent-execution quota
	// (default DefaultConcurrencyLimit); see gate.go.
	ConcurrencyLimit int
	// Observer receives invocation and throttle events; nil discards them.
	Observer Observer
}
