package invoke_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestPythonRuntime runs a handler through the engine's python bootstrap
// (engine/runtimes), when a python3 interpreter is installed.
func TestPythonRuntime(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	s := newManager(t)
	pkg, err := writeZip(t.TempDir(), "app.py", []byte(
		"import os\nprint('cold')\ndef handler(event, context):\n    print('hi', event['x'])\n    return {'x': event['x'], 'fn': os.environ['AWS_LAMBDA_FUNCTION_NAME']}\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	fn := function(t, "py")
	fn.Runtime, fn.Handler, fn.CodeKey, fn.CodeZipPath = "python3.12", "app.handler", pkg.key, pkg.zipPath
	res := call(t, s.m, fn, ev{"x": 7})
	var got struct {
		X  int
		Fn string
	}
	if res.FunctionError != "" || json.Unmarshal(res.Payload, &got) != nil || got.X != 7 || got.Fn != "py" {
		t.Fatalf("result = %s %s\n%s", res.FunctionError, res.Payload, res.LogTail)
	}
	if !strings.Contains(string(res.LogTail), "hi 7") {
		t.Errorf("log tail:\n%s", res.LogTail)
	}
}
