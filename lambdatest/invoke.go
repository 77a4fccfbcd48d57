package lambdatest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

// WaitActive waits until the function is Active and its last update
// finished, so it can be invoked: call it after CreateFunction,
// UpdateFunctionCode or UpdateFunctionConfiguration. It returns an error if
// the function failed to become active or to update, does not exist, or ctx
// ends first.
func (e *Engine) WaitActive(ctx context.Context, name string) error {
	c := e.LambdaClient()
	if err := lambdaapi.WaitActive(ctx, c, name); err != nil {
		return fmt.Errorf("lambdatest: waiting for %s to become active: %w", name, err)
	}
	if err := lambdaapi.WaitUpdated(ctx, c, name, ""); err != nil {
		return fmt.Errorf("lambdatest: waiting for %s to finish updating: %w", name, err)
	}
	return nil
}

// Result is what a synchronous invocation returned.
type Result struct {
	StatusCode int
	// Payload is the function's response, or, when FunctionError is set,
	// the error it reported ({"errorType": ..., "errorMessage": ...}).
	Payload []byte
	// FunctionError is "Unhandled" when the function failed, else empty.
	FunctionError   string
	ExecutedVersion string
	// LogTail is the end (up to 4 KB) of the invocation's log, decoded.
	LogTail string
}

// Decode unmarshals the response payload into v.
func (r Result) Decode(v any) error {
	if err := json.Unmarshal(r.Payload, v); err != nil {
		return fmt.Errorf("lambdatest: decoding payload %q: %w", r.Payload, err)
	}
	return nil
}

// Err returns an error describing the function's failure, or nil if the
// function succeeded.
func (r Result) Err() error {
	if r.FunctionError == "" {
		return nil
	}
	var fe struct {
		ErrorType    string `json:"errorType"`
		ErrorMessage string `json:"errorMessage"`
	}
	if json.Unmarshal(r.Payload, &fe) != nil || fe.ErrorType == "" {
		return fmt.Errorf("lambdatest: function error (%s): %s", r.FunctionError, r.Payload)
	}
	return fmt.Errorf("lambdatest: function error (%s): %s: %s", r.FunctionError, fe.ErrorType, fe.ErrorMessage)
}

// Invoke invokes the function synchronously (RequestResponse) exactly once
// (without SDK retries, which could run it twice) and asks for its log
// tail. payload is sent as is when it is []byte or json.RawMessage, sent as
// no payload when nil, and encoded as JSON otherwise. The error reports a
// failed call; a function that ran and failed returns a Result whose Err is
// not nil.
func (e *Engine) Invoke(ctx context.Context, name string, payload any) (Result, error) {
	var body []byte
	switch p := payload.(type) {
	case nil:
	case []byte:
		body = p
	case json.RawMessage:
		body = p
	default:
		b, err := json.Marshal(p)
		if err != nil {
			return Result{}, fmt.Errorf("lambdatest: encoding payload for %s: %w", name, err)
		}
		body = b
	}
	out, err := e.LambdaClient().Invoke(ctx, &lambda.InvokeInput{
		FunctionName:   aws.String(name),
		InvocationType: types.InvocationTypeRequestResponse,
		LogType:        types.LogTypeTail,
		Payload:        body,
	}, func(o *lambda.Options) { o.Retryer = aws.NopRetryer{} })
	if err != nil {
		return Result{}, fmt.Errorf("lambdatest: invoking %s: %w", name, err)
	}
	tail, err := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
	if err != nil {
		return Result{}, fmt.Errorf("lambdatest: invoking %s: decoding X-Amz-Log-Result: %w", name, err)
	}
	return Result{
		StatusCode:      int(out.StatusCode),
		Payload:         out.Payload,
		FunctionError:   aws.ToString(out.FunctionError),
		ExecutedVersion: aws.ToString(out.ExecutedVersion),
		LogTail:         string(tail),
	}, nil
}
