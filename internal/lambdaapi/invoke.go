package lambdaapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// InvokeParams is what InvokeOnce sends.
type InvokeParams struct {
	FunctionName string
	// Qualifier is the version or alias to invoke; empty for none.
	Qualifier string
	// ClientContext is the X-Amz-Client-Context header, already
	// base64-encoded; empty for none.
	ClientContext string
	Payload       []byte
}

// InvokeOutput is what a synchronous invocation returned.
type InvokeOutput struct {
	Payload         string
	ExecutedVersion string
	// LogTail is the decoded X-Amz-Log-Result.
	LogTail string
}

// withoutRetries disables the SDK's retryer for one operation. Invoke is not
// idempotent: after a throttle, a 5xx or a connection dropped mid-response
// the function may already have run, and a retry would run its side effects
// again (hashicorp/terraform-provider-aws#45773).
func withoutRetries(o *lambda.Options) { o.Retryer = aws.NopRetryer{} }

// InvokeOnce invokes a function synchronously (RequestResponse), exactly
// once, asking for the log tail so that a function error can be reported
// with it. A function error comes back as a *FunctionError alongside the
// output.
func InvokeOnce(ctx context.Context, client *lambda.Client, in InvokeParams) (InvokeOutput, error) {
	req := &lambda.InvokeInput{
		FunctionName:   aws.String(in.FunctionName),
		InvocationType: types.InvocationTypeRequestResponse,
		LogType:        types.LogTypeTail,
		Payload:        in.Payload,
	}
	if in.Qualifier != "" {
		req.Qualifier = aws.String(in.Qualifier)
	}
	if in.ClientContext != "" {
		req.ClientContext = aws.String(in.ClientContext)
	}
	out, err := client.Invoke(ctx, req, withoutRetries)
	if err != nil {
		return InvokeOutput{}, err
	}
	res := InvokeOutput{
		Payload:         string(out.Payload),
		ExecutedVersion: aws.ToString(out.ExecutedVersion),
		LogTail:         decodeLogTail(aws.ToString(out.LogResult)),
	}
	if out.FunctionError != nil {
		return res, &FunctionError{Kind: aws.ToString(out.FunctionError), Payload: out.Payload, LogTail: res.LogTail}
	}
	return res, nil
}

// decodeLogTail decodes X-Amz-Log-Result, keeping it as is if it is not base64.
func decodeLogTail(s string) string {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return s
	}
	return string(b)
}

// FunctionError is an invocation whose response carried X-Amz-Function-Error:
// the function ran and failed, and the payload describes the error.
type FunctionError struct {
	Kind    string // "Unhandled" or "Handled"
	Payload []byte
	LogTail string
}

func (e *FunctionError) Error() string {
	var p struct {
		ErrorType    string `json:"errorType"`
		ErrorMessage string `json:"errorMessage"`
	}
	var b strings.Builder
	if json.Unmarshal(e.Payload, &p) == nil && (p.ErrorType != "" || p.ErrorMessage != "") {
		fmt.Fprintf(&b, "The function failed (%s): %s: %s", e.Kind, p.ErrorType, p.ErrorMessage)
	} else {
		fmt.Fprintf(&b, "The function failed (%s), returning: %s", e.Kind, e.Payload)
	}
	if tail := strings.TrimSpace(e.LogTail); tail != "" {
		b.WriteString("\n\nLog tail:\n" + tail)
	}
	return b.String()
}
