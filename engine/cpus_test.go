package engine_test

import (
	"runtime"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/lambdaform/terraform-provider-lambda/engine"
	"github.com/lambdaform/terraform-provider-lambda/engine/sandbox"
)

// pythonCPUs reports the CPUs the environment may run on.
const pythonCPUs = `import os
def handler(event, context):
    return {"cpus": sorted(os.sched_getaffinity(0))}
`

// TestEnvironmentCPUs checks that an environment runs on one CPU per
// 1,769 MB begun, all of them once that reaches the machine's count.
func TestEnvironmentCPUs(t *testing.T) {
	requirePython(t)
	if runtime.NumCPU() < 2 {
		t.Skip("one CPU: environments are not placed")
	}
	h := startEngine(t, t.TempDir(), engine.Config{})
	for _, tc := range []struct {
		name   string
		memory int32
	}{{"small", 128}, {"vcpu", 1769}, {"two", 1770}, {"max", 10240}} {
		h.create("cpus-"+tc.name, makeZip(t, map[string]string{"index.py": pythonCPUs}), func(in *lambda.CreateFunctionInput) {
			in.MemorySize = aws.Int32(tc.memory)
		})
		h.waitActive("cpus-" + tc.name)
		_, body := invokeJSON(t, h, &lambda.InvokeInput{FunctionName: aws.String("cpus-" + tc.name)})
		cpus, _ := body["cpus"].([]any)
		if want := min(sandbox.CPUsFor(int(tc.memory)), runtime.NumCPU()); len(cpus) != want {
			t.Errorf("MemorySize %d: environment runs on CPUs %v, want %d of them", tc.memory, body["cpus"], want)
		}
	}
}

// TestEnvironmentAnyCPU checks that --any-cpu leaves environments on every
// CPU the engine has.
func TestEnvironmentAnyCPU(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{AnyCPU: true})
	h.create("anycpu", makeZip(t, map[string]string{"index.py": pythonCPUs}))
	h.waitActive("anycpu")
	_, body := invokeJSON(t, h, &lambda.InvokeInput{FunctionName: aws.String("anycpu")})
	if cpus, _ := body["cpus"].([]any); len(cpus) != runtime.NumCPU() {
		t.Errorf("environment runs on CPUs %v, want all %d", body["cpus"], runtime.NumCPU())
	}
}
