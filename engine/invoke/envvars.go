package invoke

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// reserved are the variables Lambda sets and a function cannot override
// (AWS's "reserved environment variables" list).
var reserved = map[string]bool{
	"_HANDLER": true, "_X_AMZN_TRACE_ID": true, "AWS_DEFAULT_REGION": true, "AWS_REGION": true,
	"AWS_EXECUTION_ENV": true, "AWS_LAMBDA_FUNCTION_NAME": true, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": true,
	"AWS_LAMBDA_FUNCTION_VERSION": true, "AWS_LAMBDA_INITIALIZATION_TYPE": true,
	"AWS_LAMBDA_LOG_GROUP_NAME": true, "AWS_LAMBDA_LOG_STREAM_NAME": true, "AWS_ACCESS_KEY": true,
	"AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true, "AWS_SESSION_TOKEN": true,
	"AWS_LAMBDA_RUNTIME_API": true, "LAMBDA_TASK_ROOT": true, "LAMBDA_RUNTIME_DIR": true, "TZ": true,
}

// Local stand-ins for the execution role's credentials. They let SDKs in
// the function sign requests (e.g. to the engine itself) without ever
// carrying the engine user's real keys.
const (
	localAccessKeyID = "ASIALAMBDAFORMLOCAL1"
	localSecretKey   = "lambdaform/local/secret/access/key/000000"
	localSessionTok  = "lambdaform-local-session-token"
)

// envSetup is what an environment's variables are built from.
type envSetup struct {
	fn         Function
	taskRoot   string
	runtimeDir string // default LAMBDA_RUNTIME_DIR when the runtime sets none
	tmpDir     string
	stream     string
	apiAddr    string
	launchEnv  []string
	initType   string // AWS_LAMBDA_INITIALIZATION_TYPE; default "on-demand"
}

// buildEnv layers, lowest first: defaults a function may change, the
// runtime's own variables, the function's variables, then the reserved
// ones. Nothing of the engine's environment leaks except PATH and HOME.
func buildEnv(s envSetup) []string {
	vars := map[string]string{}
	for k, v := range defaults(s) {
		vars[k] = v
	}
	runtimeDir := s.runtimeDir
	for _, kv := range s.launchEnv {
		k, v, _ := strings.Cut(kv, "=")
		if k == "LAMBDA_RUNTIME_DIR" {
			runtimeDir = v
			continue
		}
		vars[k] = v
	}
	for k, v := range s.fn.Env {
		if !reserved[k] {
			vars[k] = v
		}
	}
	for k, v := range reservedVars(s, runtimeDir) {
		vars[k] = v
	}
	out := make([]string, 0, len(vars))
	for k, v := range vars {
		out = append(out, k+"="+v)
	}
	return out
}

func defaults(s envSetup) map[string]string {
	path := os.Getenv("PATH")
	if path == "" {
		path = "/usr/local/bin:/usr/bin:/bin"
	}
	d := map[string]string{
		"PATH":                     path,
		"LANG":                     "en_US.UTF-8",
		"LD_LIBRARY_PATH":          s.taskRoot + ":" + filepath.Join(s.taskRoot, "lib"),
		"AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
		"AWS_XRAY_DAEMON_ADDRESS":  "127.0.0.1:2000",
		"_AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1",
		"_AWS_XRAY_DAEMON_PORT":    "2000",
	}
	if home := os.Getenv("HOME"); home != "" {
		d["HOME"] = home
	}
	if s.fn.LogFormat == "JSON" {
		// AWS tells managed runtimes to emit JSON application logs.
		d["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
		d["AWS_LAMBDA_LOG_LEVEL"] = "INFO"
	}
	return d
}

func reservedVars(s envSetup, runtimeDir string) map[string]string {
	fn := s.fn
	initType := s.initType
	if initType == "" {
		initType = "on-demand"
	}
	return map[string]string{
		"AWS_LAMBDA_FUNCTION_NAME":        fn.Name,
		"AWS_LAMBDA_FUNCTION_VERSION":     versionOf(fn),
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(fn.MemoryMB),
		"AWS_LAMBDA_LOG_GROUP_NAME":       fn.LogGroup,
		"AWS_LAMBDA_LOG_STREAM_NAME":      s.stream,
		"AWS_LAMBDA_RUNTIME_API":          s.apiAddr,
		"AWS_LAMBDA_INITIALIZATION_TYPE":  initType,
		"AWS_REGION":                      fn.Region,
		"AWS_DEFAULT_REGION":              fn.Region,
		"AWS_EXECUTION_ENV":               "AWS_Lambda_" + fn.Runtime,
		"_HANDLER":                        fn.Handler,
		"LAMBDA_TASK_ROOT":                s.taskRoot,
		"LAMBDA_RUNTIME_DIR":              runtimeDir,
		"TZ":                              ":UTC",
		"AWS_ACCESS_KEY_ID":               localAccessKeyID,
		"AWS_SECRET_ACCESS_KEY":           localSecretKey,
		"AWS_SESSION_TOKEN":               localSessionTok,
		// The private temporary directory stands in for /tmp; these are
		// not AWS's but are how programs find a temp dir.
		"TMPDIR": s.tmpDir, "TMP": s.tmpDir, "TEMP": s.tmpDir,
	}
}

func versionOf(fn Function) string {
	if fn.Version == "" {
		return "$LATEST"
	}
	return fn.Version
}

// streamName is AWS's log stream name: YYYY/MM/DD/[<version>]<32 hex>.
func streamName(now time.Time, version, id string) string {
	return now.UTC().Format("2006/01/02") + "/[" + version + "]" + id
}
