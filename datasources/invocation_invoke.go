package datasources

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// invocationOutput is what a synchronous invocation returned.
type invocationOutput struct {
	Payload         string
	ExecutedVersion string
	LogTail         string
}

// withoutRetries disables the SDK's retryer for one operation: a retried
// Invoke may run the function a second time (hashicorp/terraform-provider-aws#45773).
func withoutRetries(o *lambda.Options) { o.Retryer = aws.NopRetryer{} }

// invokeOnce invokes a function synchronously, exactly once, with the log
// tail. clientContext is already base64-encoded. A function error comes back
// as a *functionError.
func invokeOnce(ctx context.Context, client *lambda.Client, name, qualifier, clientContext string, payload []byte) (invocationOutput, error) {
	in := &lambda.InvokeInput{
		FunctionName:   aws.String(name),
		InvocationType: lambdatypes.InvocationTypeRequestResponse,
		LogType:        lambdatypes.LogTypeTail,
		Payload:        payload,
	}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	if clientContext != "" {
		in.ClientContext = aws.String(clientContext)
	}
	out, err := client.Invoke(ctx, in, withoutRetries)
	if err != nil {
		return invocationOutput{}, err
	}
	res := invocationOutput{
		Payload:         string(out.Payload),
		ExecutedVersion: aws.ToString(out.ExecutedVersion),
		LogTail:         decodeLogTail(aws.ToString(out.LogResult)),
	}
	if out.FunctionError != nil {
		return res, &functionError{kind: aws.ToString(out.FunctionError), payload: out.Payload, logTail: res.LogTail}
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

// functionError is an invocation whose response carried X-Amz-Function-Error.
type functionError struct {
	kind    string // "Unhandled" or "Handled"
	payload []byte
	logTail string
}

func (e *functionError) Error() string {
	var p struct {
		ErrorType    string `json:"errorType"`
		ErrorMessage string `json:"errorMessage"`
	}
	var b strings.Builder
	if json.Unmarshal(e.payload, &p) == nil && (p.ErrorType != "" || p.ErrorMessage != "") {
		fmt.Fprintf(&b, "The function failed (%s): %s: %s", e.kind, p.ErrorType, p.ErrorMessage)
	} else {
		fmt.Fprintf(&b, "The function failed (%s), returning: %s", e.kind, e.payload)
	}
	if tail := strings.TrimSpace(e.logTail); tail != "" {
		b.WriteString("\n\nLog tail:\n" + tail)
	}
	return b.String()
}

// jsonValidator requires a string to be one JSON document, or with object
// set, one JSON object.
type jsonValidator struct{ object bool }

func (v jsonValidator) Description(context.Context) string {
	if v.object {
		return "must be a JSON object"
	}
	return "must be a JSON document"
}

func (v jsonValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v jsonValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var doc any
	err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &doc)
	if _, isObject := doc.(map[string]any); err == nil && v.object && !isObject {
		err = fmt.Errorf("got %s", jsonKind(doc))
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON", "The value "+v.Description(ctx)+": "+err.Error())
	}
}

// jsonKind names the kind of a decoded JSON value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	default:
		return "an object"
	}
}
