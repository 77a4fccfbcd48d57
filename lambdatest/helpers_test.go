package lambdatest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/lambdatest"
)

// echoHandler returns the event it got and logs a marker line; an event
// {"fail": true} makes it raise.
const echoHandler = `import json

def handler(event, context):
    print("got", json.dumps(event))
    if isinstance(event, dict) and event.get("fail"):
        raise ValueError("asked to fail")
    return {"event": event, "function": context.function_name}
`

// testContext bounds a test's calls; the engine answers in milliseconds, so
// the bound only stops a hung test, it asserts no timing.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// createEcho creates a python3.12 function running echoHandler and waits
// until it can be invoked.
func createEcho(ctx context.Context, t *testing.T, e *lambdatest.Engine, name string) *lambda.CreateFunctionOutput {
	t.Helper()
	code, err := lambdatest.Zip(map[string]string{"index.py": echoHandler})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.LambdaClient().CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String(name),
		Role:         aws.String(e.RoleARN()),
		Runtime:      types.RuntimePython312,
		Handler:      aws.String("index.handler"),
		Code:         &types.FunctionCode{ZipFile: code},
	})
	if err != nil {
		t.Fatalf("CreateFunction %s: %v", name, err)
	}
	if err := e.WaitActive(ctx, name); err != nil {
		t.Fatal(err)
	}
	return out
}

func compactJSON(t *testing.T, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatalf("compacting %s: %v", b, err)
	}
	return buf.String()
}

func errorsAs[E error](err error, target *E) bool { return err != nil && errors.As(err, target) }
