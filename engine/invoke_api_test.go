package engine_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// pythonEcho returns the event with facts about the context it ran in.
const pythonEcho = `import os
def handler(event, context):
    print("got", event)
    if isinstance(event, dict) and event.get("fail"):
        raise ValueError("asked to fail")
    return {"event": event, "function": context.function_name, "version": context.function_version,
            "request_id": context.aws_request_id, "greeting": os.environ.get("GREETING"),
            "client": context.client_context.custom if context.client_context else None}
`

func requirePython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed: the python runtimes cannot run here")
	}
}

func invokeJSON(t *testing.T, h *harness, in *lambda.InvokeInput) (*lambda.InvokeOutput, map[string]any) {
	t.Helper()
	out, err := h.client.Invoke(context.Background(), in)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	var body map[string]any
	if err := json.Unmarshal(out.Payload, &body); err != nil {
		t.Fatalf("payload %q: %v", out.Payload, err)
	}
	return out, body
}

func TestInvokeRequestResponse(t *testing.T) {
	requirePython(t)
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("echo", makeZip(t, map[string]string{"index.py": pythonEcho}), func(in *lambda.CreateFunctionInput) {
		in.Environment = &types.Environment{Variables: map[string]string{"GREETING": "hi"}}
	})
	h.waitActive("echo")
	cc := base64.StdEncoding.EncodeToString([]byte(`{"custom":{"k":"v"}}`))
	out, body := invokeJSON(t, h, &lambda.InvokeInput{
		FunctionName: aws.String("echo"), Payload: []byte(`{"n":1}`),
		LogType: types.LogTypeTail, ClientContext: aws.String(cc),
	})
	if out.StatusCode != 200 || out.FunctionError != nil || aws.ToString(out.ExecutedVersion) != "$LATEST" {
		t.Fatalf("status %d error %v version %q", out.StatusCode, out.FunctionError, aws.ToString(out.ExecutedVersion))
	}
	event, _ := body["event"].(map[string]any)
	if event["n"] != 1.0 || body["function"] != "echo" || body["greeting"] != "hi" || body["version"] != "$LATEST" {
		t.Fatalf("body = %v", body)
	}
	if client, _ := body["client"].(map[string]any); client["k"] != "v" {
		t.Errorf("client context custom = %v", body["client"])
	}
	tail, err := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
	if err != nil {
		t.Fatal(err)
	}
	rid, _ := body["request_id"].(string)
	for _, want := range []string{"START RequestId: " + rid + " Version: $LATEST", "got {'n': 1}", "END RequestId: " + rid, "REPORT RequestId: " + rid} {
		if !bytes.Contains(tail, []byte(want)) {
			t.Errorf("log tail lacks %q:\n%s", want, tail)
		}
	}
}

func TestInvokeFunctionErrorAndVersions(t *testing.T) {
	requirePython(t)
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("ver", makeZip(t, map[string]string{"index.py": pythonEcho}), func(in *lambda.CreateFunctionInput) {
		in.Publish = true
	})
	h.waitActive("ver")
	out, body := invokeJSON(t, h, &lambda.InvokeInput{FunctionName: aws.String("ver"), Payload: []byte(`{"fail":true}`)})
	if aws.ToString(out.FunctionError) != "Unhandled" || body["errorType"] != "ValueError" || body["errorMessage"] != "asked to fail" {
		t.Fatalf("function error: %v %v", aws.ToString(out.FunctionError), body)
	}
	if _, err := h.client.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{
		FunctionName: aws.String("ver"), ZipFile: makeZip(t, map[string]string{"index.py": "def handler(e, c):\n    return 'v2'\n"}),
	}); err != nil {
		t.Fatal(err)
	}
	h.waitUpdated("ver")
	latest, err := h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("ver")})
	if err != nil || string(latest.Payload) != `"v2"` {
		t.Fatalf("$LATEST after code update = %s, %v", latest.Payload, err)
	}
	// Version 1 keeps serving the code it was published with.
	v1, body := invokeJSON(t, h, &lambda.InvokeInput{FunctionName: aws.String("ver"), Qualifier: aws.String("1"), Payload: []byte(`{}`)})
	if aws.ToString(v1.ExecutedVersion) != "1" || body["version"] != "1" {
		t.Fatalf("qualifier 1 ran version %q: %v", aws.ToString(v1.ExecutedVersion), body)
	}
}

func TestInvokeTypesAndErrors(t *testing.T) {
	requirePython(t)
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	h.create("types", makeZip(t, map[string]string{"index.py": pythonEcho}))
	h.waitActive("types")

	dry, err := h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("types"), InvocationType: types.InvocationTypeDryRun})
	if err != nil || dry.StatusCode != 204 {
		t.Fatalf("DryRun: %v %v", dry, err)
	}
	ev, err := h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("types"), InvocationType: types.InvocationTypeEvent, Payload: []byte(`{"async":true}`)})
	if err != nil || ev.StatusCode != 202 {
		t.Fatalf("Event: %v %v", ev, err)
	}
	waitForLog(t, h, "/aws/lambda/types", "got {'async': True}")

	_, err = h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("types"), Payload: []byte(`{not json`)})
	wantAPIError(t, err, "InvalidRequestContentException", "Could not parse request body into json: Could not parse payload into json: invalid character 'n' looking for beginning of object key string")
	_, err = h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("types"), Payload: bytes.Repeat([]byte(" "), 6*1024*1024+1)})
	wantAPIError(t, err, "RequestEntityTooLargeException", "Request must be smaller than 6291456 bytes for the InvokeFunction operation")
	_, err = h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("types"), InvocationType: types.InvocationTypeEvent, Payload: []byte(`"` + strings.Repeat("x", 1024*1024) + `"`)})
	wantAPIError(t, err, "RequestEntityTooLargeException", "Request must be smaller than 1048576 bytes for the InvokeFunction operation")
	_, err = h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("missing")})
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing")
	_, err = h.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("types"), Qualifier: aws.String("7")})
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:types:7")
}

// waitForLog polls the engine's CloudWatch Logs API until an event of group
// contains text.
func waitForLog(t *testing.T, h *harness, group, text string) {
	t.Helper()
	deadline := time.Now().Add(waitBound)
	for time.Now().Before(deadline) {
		events, err := filterLogs(h, group)
		if err == nil {
			for _, e := range events {
				if strings.Contains(e, text) {
					return
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no log event in %s contains %q", group, text)
}
