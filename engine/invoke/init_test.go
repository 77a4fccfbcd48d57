package invoke_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
)

func TestInitFailures(t *testing.T) {
	s := newManager(t)
	notExec, err := writeZip(t.TempDir(), "bootstrap", []byte("#!/bin/sh\necho hi\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	noBootstrap, err := writeZip(t.TempDir(), "handler.txt", []byte("nothing to run"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		mutate   func(*invoke.Function)
		wantType string
		wantMsg  string // exact errorMessage
		wantLog  string
	}{
		{"exit before ready", func(f *invoke.Function) { f.Env["TEST_INIT"] = "exit" }, "Runtime.ExitError",
			"RequestId: req-init Error: Runtime exited with error: exit status 2", "INIT_REPORT Init Duration: "},
		{"init error posted", func(f *invoke.Function) { f.Env["TEST_INIT"] = "report" }, "Runtime.HandlerNotFound",
			"cannot load handler", "Status: error\tError Type: Runtime.HandlerNotFound"},
		{"bootstrap not executable", func(f *invoke.Function) { f.CodeKey, f.CodeZipPath = notExec.key, notExec.zipPath },
			"Runtime.InvalidEntrypoint", "", "Error Type: Runtime.InvalidEntrypoint"},
		{"no bootstrap", func(f *invoke.Function) { f.CodeKey, f.CodeZipPath = noBootstrap.key, noBootstrap.zipPath },
			"Runtime.InvalidEntrypoint", "", "Error Type: Runtime.InvalidEntrypoint"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fn := function(t, "init-"+strings.ReplaceAll(tc.name, " ", "-"))
			tc.mutate(&fn)
			res, err := s.m.Invoke(context.Background(), fn, invoke.Request{RequestID: "req-init", Payload: []byte(`{}`), WantLogTail: true})
			if err != nil {
				t.Fatal(err)
			}
			msg, typ := errorBody(t, res)
			if res.FunctionError != "Unhandled" || typ != tc.wantType || (tc.wantMsg != "" && msg != tc.wantMsg) {
				t.Fatalf("result = %s %s", res.FunctionError, res.Payload)
			}
			if !strings.Contains(string(res.LogTail), tc.wantLog) || !strings.Contains(string(res.LogTail), "START RequestId: req-init") {
				t.Errorf("log tail lacks %q:\n%s", tc.wantLog, res.LogTail)
			}
		})
	}
}

func TestMissingBootstrapMessage(t *testing.T) {
	s := newManager(t)
	pkg, err := writeZip(t.TempDir(), "index.js", []byte("x"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	fn := function(t, "nobootstrap")
	fn.CodeKey, fn.CodeZipPath = pkg.key, pkg.zipPath
	res, err := s.m.Invoke(context.Background(), fn, invoke.Request{RequestID: "r", Payload: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := errorBody(t, res)
	if !strings.HasPrefix(msg, "RequestId: r Error: Couldn't find valid bootstrap(s): [") || !strings.HasSuffix(msg, "/bootstrap]") {
		t.Fatalf("message = %q", msg)
	}
}

func TestInitOutputIsLoggedBeforeStart(t *testing.T) {
	s := newManager(t)
	fn := function(t, "initlog")
	res := call(t, s.m, fn, ev{"action": "echo"})
	lines := strings.Split(strings.TrimSuffix(string(res.LogTail), "\n"), "\n")
	if len(lines) < 4 || lines[0] != "init: starting" || !strings.HasPrefix(lines[1], "START RequestId: ") {
		t.Fatalf("log tail:\n%s", res.LogTail)
	}
}

func TestCodeIsReadOnly(t *testing.T) {
	s := newManager(t)
	fn := function(t, "ro")
	res := call(t, s.m, fn, ev{"action": "env"})
	var env map[string]string
	if err := json.Unmarshal(res.Payload, &env); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(env["LAMBDA_TASK_ROOT"])
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o555 {
		t.Errorf("task root mode = %v, want 0555", st.Mode().Perm())
	}
	st, err = os.Stat(env["LAMBDA_TASK_ROOT"] + "/bootstrap")
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o555 {
		t.Errorf("bootstrap mode = %v, want 0555 (executable, read-only)", st.Mode().Perm())
	}
}
