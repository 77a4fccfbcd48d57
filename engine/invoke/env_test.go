package invoke_test

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestEnvironmentVariables(t *testing.T) {
	t.Setenv("LAMBDAFORM_ENGINE_SECRET", "must-not-leak")
	s := newManager(t)
	fn := function(t, "envfn")
	fn.MemoryMB = 256
	fn.Env["MY_VAR"] = "mine"
	fn.Env["AWS_REGION"] = "evil-1" // reserved: ignored
	fn.Env["LANG"] = "C.UTF-8"      // unreserved: the function's value wins
	res := call(t, s.m, fn, ev{"action": "env"})
	var env map[string]string
	if err := json.Unmarshal(res.Payload, &env); err != nil {
		t.Fatalf("%q: %v", res.Payload, err)
	}
	want := map[string]string{
		"AWS_LAMBDA_FUNCTION_NAME": "envfn", "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256", "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/envfn",
		"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "_HANDLER": "bootstrap",
		"AWS_EXECUTION_ENV": "AWS_Lambda_provided.al2023", "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
		"TZ": ":UTC", "LANG": "C.UTF-8", "MY_VAR": "mine", "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
	}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR", "PATH", "AWS_XRAY_DAEMON_ADDRESS"} {
		if env[k] == "" {
			t.Errorf("%s is not set", k)
		}
	}
	if _, ok := env["LAMBDAFORM_ENGINE_SECRET"]; ok {
		t.Error("the engine's environment leaked into the function")
	}
	if !regexp.MustCompile(`^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$`).MatchString(env["AWS_LAMBDA_LOG_STREAM_NAME"]) {
		t.Errorf("log stream name %q", env["AWS_LAMBDA_LOG_STREAM_NAME"])
	}
	if !regexp.MustCompile(`^127\.0\.0\.1:\d+$`).MatchString(env["AWS_LAMBDA_RUNTIME_API"]) {
		t.Errorf("AWS_LAMBDA_RUNTIME_API = %q", env["AWS_LAMBDA_RUNTIME_API"])
	}
	if env["_CWD"] != env["LAMBDA_TASK_ROOT"] || !strings.HasPrefix(env["LAMBDA_TASK_ROOT"], filepath.Join(s.dir, "work", "code")) {
		t.Errorf("cwd %q, task root %q", env["_CWD"], env["LAMBDA_TASK_ROOT"])
	}
	tmp := env["TMPDIR"]
	if !strings.HasPrefix(tmp, filepath.Join(s.dir, "work", "env")) || env["TMP"] != tmp || env["TEMP"] != tmp {
		t.Errorf("TMPDIR %q TMP %q TEMP %q", tmp, env["TMP"], env["TEMP"])
	}
}
