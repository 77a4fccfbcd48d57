package engine_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

const (
	testRegion  = "us-east-1"
	testAccount = "000000000000"
	testRole    = "arn:aws:iam::000000000000:role/lambda-role"
)

// waitBound only stops a broken test from hanging; nothing asserts on time.
const waitBound = 30 * time.Second

type harness struct {
	t      *testing.T
	dir    string
	engine *engine.Engine
	server *httptest.Server
	client *lambda.Client
}

// startEngine runs an in-process engine on dir and returns a real SDK client
// for it.
func startEngine(t *testing.T, dir string, cfg engine.Config) *harness {
	t.Helper()
	cfg.DataDir = dir
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatalf("engine.New: %v", err)
	}
	srv := httptest.NewServer(e.Handler())
	h := &harness{t: t, dir: dir, engine: e, server: srv}
	h.client = newClient(srv.URL, "AKIDTEST", "secret")
	t.Cleanup(h.stop)
	return h
}

func (h *harness) stop() {
	if h.server == nil {
		return
	}
	h.server.Close()
	if err := h.engine.Close(); err != nil {
		h.t.Errorf("engine.Close: %v", err)
	}
	h.server = nil
}

func newClient(endpoint, accessKey, secretKey string) *lambda.Client {
	return lambda.New(lambda.Options{
		Region:       testRegion,
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
		Retryer:      aws.NopRetryer{},
	})
}

// makeZip builds a deployment package in memory.
func makeZip(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func codeSha(zip []byte) string {
	sum := sha256.Sum256(zip)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func createInput(name string, zip []byte) *lambda.CreateFunctionInput {
	return &lambda.CreateFunctionInput{
		FunctionName: aws.String(name),
		Runtime:      "python3.12",
		Handler:      aws.String("index.handler"),
		Role:         aws.String(testRole),
		Code:         &types.FunctionCode{ZipFile: zip},
	}
}

func (h *harness) create(name string, zip []byte, mod ...func(*lambda.CreateFunctionInput)) *lambda.CreateFunctionOutput {
	h.t.Helper()
	in := createInput(name, zip)
	for _, m := range mod {
		m(in)
	}
	out, err := h.client.CreateFunction(context.Background(), in)
	if err != nil {
		h.t.Fatalf("CreateFunction %s: %v", name, err)
	}
	return out
}

func (h *harness) waitActive(name string) *lambda.GetFunctionOutput {
	h.t.Helper()
	w := lambda.NewFunctionActiveV2Waiter(h.client, func(o *lambda.FunctionActiveV2WaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 50*time.Millisecond
	})
	out, err := w.WaitForOutput(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String(name)}, waitBound)
	if err != nil {
		h.t.Fatalf("waiting for %s to be Active: %v", name, err)
	}
	return out
}

func (h *harness) waitUpdated(name string) *lambda.GetFunctionOutput {
	h.t.Helper()
	w := lambda.NewFunctionUpdatedV2Waiter(h.client, func(o *lambda.FunctionUpdatedV2WaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 50*time.Millisecond
	})
	out, err := w.WaitForOutput(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String(name)}, waitBound)
	if err != nil {
		h.t.Fatalf("waiting for %s update: %v", name, err)
	}
	return out
}

// wantAPIError asserts err is the AWS error code with the exact message.
func wantAPIError(t *testing.T, err error, code, message string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if apiErr.ErrorCode() != code || apiErr.ErrorMessage() != message {
		t.Fatalf("error = %s: %q\nwant    %s: %q", apiErr.ErrorCode(), apiErr.ErrorMessage(), code, message)
	}
}

// filterLogs returns the messages of every event in a log group, read
// through the engine's CloudWatch Logs API with the real SDK client.
func filterLogs(h *harness, group string) ([]string, error) {
	client := cloudwatchlogs.New(cloudwatchlogs.Options{
		Region: testRegion, BaseEndpoint: aws.String(h.server.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
	})
	out, err := client.FilterLogEvents(context.Background(), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(group)})
	if err != nil {
		return nil, err
	}
	msgs := make([]string, len(out.Events))
	for i, e := range out.Events {
		msgs[i] = aws.ToString(e.Message)
	}
	return msgs, nil
}
