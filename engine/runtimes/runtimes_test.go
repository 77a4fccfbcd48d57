package runtimes

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewMaterialisesBootstraps(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(Config{RuntimeDir: dir}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"python/bootstrap.py", "python/lambdaform_runtime.py", "python/lambdaform_logging.py", "node/bootstrap.mjs"} {
		want, _ := bootstraps.ReadFile(name)
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: err %v, content matches embedded: %v", name, err, string(got) == string(want))
		}
	}
	// A stale file is replaced; a second New leaves no temporary files.
	stale := filepath.Join(dir, "node", "bootstrap.mjs")
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{RuntimeDir: dir}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(stale); string(got) == "old" {
		t.Error("stale bootstrap was not replaced")
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return err
	})
}

func TestLaunch(t *testing.T) {
	dir := t.TempDir()
	reg, err := New(Config{RuntimeDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		runtime  string
		wantArgs []string // argv after the interpreter, or the whole argv for provided
		wantEnv  string   // one entry Env must hold
		execEnv  string
	}{
		{"provided.al2023", []string{"/task/bootstrap"}, "", ""},
		{"provided.al2", []string{"/task/bootstrap"}, "", ""},
		{"go1.x", []string{"/task/bootstrap"}, "", ""},
		{"python3.12", []string{filepath.Join(dir, "python", "bootstrap.py")},
			"PYTHONPATH=/task:" + filepath.Join(dir, "python"), "AWS_Lambda_python3.12"},
		{"python3.9", []string{filepath.Join(dir, "python", "bootstrap.py")}, "LAMBDA_RUNTIME_DIR=" + dir, "AWS_Lambda_python3.9"},
		{"nodejs22.x", []string{filepath.Join(dir, "node", "bootstrap.mjs")}, "LAMBDA_RUNTIME_DIR=" + dir, "AWS_Lambda_nodejs22.x"},
	}
	for _, tc := range tests {
		t.Run(tc.runtime, func(t *testing.T) {
			if got := reg.ExecutionEnv(tc.runtime); got != tc.execEnv {
				t.Errorf("ExecutionEnv = %q, want %q", got, tc.execEnv)
			}
			requireRuntime(t, reg, tc.runtime)
			l, err := reg.Launch(tc.runtime, "/task")
			if err != nil {
				t.Fatal(err)
			}
			args := l.Command
			if tc.execEnv != "" {
				if args[0] != reg.Interpreter(tc.runtime) || !filepath.IsAbs(args[0]) {
					t.Errorf("interpreter = %q, want the resolved absolute path", args[0])
				}
				args = args[1:]
			}
			if strings.Join(args, " ") != strings.Join(tc.wantArgs, " ") {
				t.Errorf("Command = %q, want … %q", l.Command, tc.wantArgs)
			}
			if tc.wantEnv != "" && !contains(l.Env, tc.wantEnv) {
				t.Errorf("Env = %q, want it to hold %q", l.Env, tc.wantEnv)
			}
		})
	}
}

func TestMissingInterpreterDisablesOnlyItsFamily(t *testing.T) {
	reg, err := New(Config{
		RuntimeDir: t.TempDir(),
		Python:     "no-such-python-lambdaform",
		Overrides:  map[string]string{"nodejs18.x": "/nonexistent/node"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range []string{"python3.9", "python3.14", "nodejs18.x"} {
		err := reg.Unsupported(rt)
		if !errors.Is(err, ErrUnsupported) || reg.Supported(rt) {
			t.Errorf("%s: Unsupported = %v, want ErrUnsupported", rt, err)
		}
		if _, err := reg.Launch(rt, "/task"); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: Launch error = %v", rt, err)
		}
	}
	if err := reg.Unsupported("python3.12"); !strings.Contains(err.Error(), `"no-such-python-lambdaform"`) {
		t.Errorf("reason %q does not name the interpreter", err)
	}
	if !reg.Supported("provided.al2023") {
		t.Error("provided.al2023 should not depend on any interpreter")
	}
	if _, err := reg.Launch("java21", "/task"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("unknown runtime: %v", err)
	}
}

func TestNewRequiresRuntimeDir(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Fatal("New without RuntimeDir succeeded")
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
