package lambdatest_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/lambdatest"
)

func TestInvokePayloads(t *testing.T) {
	e := lambdatest.Start(t)
	ctx := testContext(t)
	createEcho(ctx, t, e, "echo")

	tests := []struct {
		name    string
		payload any
		want    string // the event the function got, as JSON
	}{
		{"value encoded as JSON", map[string]int{"n": 1}, `{"n": 1}`},
		{"bytes sent as is", []byte(`{"raw": true}`), `{"raw": true}`},
		{"RawMessage sent as is", json.RawMessage(`[1, 2]`), `[1, 2]`},
		{"string encoded as JSON", "hi", `"hi"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.Invoke(ctx, "echo", tt.payload)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != 200 || res.Err() != nil || res.ExecutedVersion != "$LATEST" {
				t.Fatalf("status %d, Err %v, version %q", res.StatusCode, res.Err(), res.ExecutedVersion)
			}
			var out struct {
				Event    json.RawMessage
				Function string
			}
			if err := res.Decode(&out); err != nil {
				t.Fatal(err)
			}
			if got := compactJSON(t, out.Event); got != compactJSON(t, []byte(tt.want)) || out.Function != "echo" {
				t.Errorf("function got event %s (function %q), want %s", out.Event, out.Function, tt.want)
			}
			if !strings.Contains(res.LogTail, "got "+tt.want) {
				t.Errorf("LogTail lacks the function's line %q:\n%s", "got "+tt.want, res.LogTail)
			}
		})
	}
}

func TestInvokeFunctionError(t *testing.T) {
	e := lambdatest.Start(t)
	ctx := testContext(t)
	createEcho(ctx, t, e, "failing")

	res, err := e.Invoke(ctx, "failing", map[string]bool{"fail": true})
	if err != nil {
		t.Fatalf("a function error is not a call error: %v", err)
	}
	if res.FunctionError != "Unhandled" {
		t.Errorf("FunctionError = %q, want Unhandled", res.FunctionError)
	}
	if err := res.Err(); err == nil || !strings.Contains(err.Error(), "ValueError: asked to fail") {
		t.Errorf("Err() = %v, want the errorType and errorMessage", err)
	}
}

func TestInvokeAndWaitActiveMissingFunction(t *testing.T) {
	e := lambdatest.Start(t)
	ctx := testContext(t)
	var nf *types.ResourceNotFoundException
	if _, err := e.Invoke(ctx, "missing", nil); !errorsAs(err, &nf) {
		t.Errorf("Invoke of a missing function: %v, want ResourceNotFoundException", err)
	}
	if err := e.WaitActive(ctx, "missing"); !errorsAs(err, &nf) {
		t.Errorf("WaitActive of a missing function: %v, want ResourceNotFoundException", err)
	}
}
