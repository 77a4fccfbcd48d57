package main

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// invokeEngine starts an in-process engine holding a Python function
// "greet" and returns its URL.
func invokeEngine(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	e, err := engine.New(engine.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e.Handler())
	t.Cleanup(func() { srv.Close(); _ = e.Close() })
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("index.py")
	_, _ = w.Write([]byte("def handler(e, c):\n    print('greeting', e['name'])\n    if e['name'] == 'bad':\n        raise RuntimeError('no')\n    return 'hello ' + e['name']\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	client := lambda.New(lambda.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("k", "s", "")})
	ctx := context.Background()
	_, err = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("greet"), Runtime: types.RuntimePython312, Handler: aws.String("index.handler"),
		Role: aws.String("arn:aws:iam::000000000000:role/r"), Code: &types.FunctionCode{ZipFile: buf.Bytes()},
	})
	if err != nil {
		t.Fatal(err)
	}
	w8 := lambda.NewFunctionActiveV2Waiter(client, func(o *lambda.FunctionActiveV2WaiterOptions) { o.MinDelay = time.Millisecond })
	if err := w8.Wait(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("greet")}, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	return srv.URL
}

func TestInvokeCommand(t *testing.T) {
	url := invokeEngine(t)
	tests := []struct {
		name, payload      string
		log                bool
		wantOut, wantErrIn string
		wantFail           bool
	}{
		{name: "result", payload: `{"name":"ann"}`, wantOut: `"hello ann"`},
		{name: "with log", payload: `{"name":"bob"}`, log: true, wantOut: `"hello bob"`, wantErrIn: "greeting bob"},
		{name: "function error", payload: `{"name":"bad"}`, wantOut: `"errorType": "RuntimeError"`, wantFail: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			o := invokeOptions{engineClient: engineClient{endpoint: url, region: "us-east-1"}, payload: tc.payload, log: tc.log}
			err := runInvoke(context.Background(), &out, &errOut, "greet", o)
			if (err != nil) != tc.wantFail {
				t.Fatalf("err = %v, want failure %v", err, tc.wantFail)
			}
			if !strings.Contains(out.String(), tc.wantOut) {
				t.Errorf("stdout = %q, want %q", out.String(), tc.wantOut)
			}
			if !strings.Contains(errOut.String(), tc.wantErrIn) {
				t.Errorf("stderr = %q, want %q", errOut.String(), tc.wantErrIn)
			}
		})
	}
}
