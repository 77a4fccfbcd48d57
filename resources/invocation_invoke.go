package resources

import (
	"context"
	"crypto/md5" //nolint:gosec // the ID format of aws_lambda_invocation, not a security use
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// Lifecycle actions sent under terraform_key with lifecycle_scope = "CRUD".
const (
	actionCreate = "create"
	actionUpdate = "update"
	actionDelete = "delete"
)

// invocationOutput is what a synchronous invocation returned.
type invocationOutput struct {
	Payload         string
	ExecutedVersion string
	LogTail         string
}

// withoutRetries disables the SDK's retryer for one operation. Invoke is not
// idempotent: after a throttle, a 5xx or a connection dropped mid-response
// the function may already have run, and a retry would run its side effects
// again (hashicorp/terraform-provider-aws#45773).
func withoutRetries(o *lambda.Options) { o.Retryer = aws.NopRetryer{} }

// invokeOnce invokes a function synchronously, exactly once, asking for the
// log tail so that a function error can be reported with it. A function
// error comes back as a *functionError alongside the output.
func invokeOnce(ctx context.Context, client *lambda.Client, name, qualifier string, payload []byte) (invocationOutput, error) {
	in := &lambda.InvokeInput{
		FunctionName:   aws.String(name),
		InvocationType: lambdatypes.InvocationTypeRequestResponse,
		LogType:        lambdatypes.LogTypeTail,
		Payload:        payload,
	}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
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

// functionError is an invocation whose response carried X-Amz-Function-Error:
// the function ran and failed, and the payload describes the error.
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

// invocationPayload is the event sent for action: input as configured with
// CREATE_ONLY; with CRUD, input with terraform_key set to the action and the
// previous input (null on create), as aws_lambda_invocation sends it.
func invocationPayload(m invocationModel, action string, prevInput *string) ([]byte, error) {
	input := m.Input.ValueString()
	if m.LifecycleScope.ValueString() != lifecycleCRUD {
		return []byte(input), nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(input), &obj); err != nil || obj == nil {
		return nil, fmt.Errorf("with lifecycle_scope = %q, input must be a JSON object", lifecycleCRUD)
	}
	lifecycle := struct {
		Action    string          `json:"action"`
		PrevInput json.RawMessage `json:"prev_input"`
	}{Action: action, PrevInput: json.RawMessage("null")}
	if prevInput != nil {
		lifecycle.PrevInput = json.RawMessage(*prevInput)
	}
	raw, err := json.Marshal(lifecycle)
	if err != nil {
		return nil, fmt.Errorf("encoding the lifecycle key: %w", err)
	}
	obj[m.TerraformKey.ValueString()] = raw
	return json.Marshal(obj)
}

// invocationID is aws_lambda_invocation's ID: function_name,qualifier,md5(payload).
func invocationID(name, qualifier string, payload []byte) string {
	sum := md5.Sum(payload) //nolint:gosec // see import
	return name + "," + qualifier + "," + hex.EncodeToString(sum[:])
}
