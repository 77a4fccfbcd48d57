package resources

import (
	"crypto/md5" //nolint:gosec // the ID format of aws_lambda_invocation, not a security use
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Lifecycle actions sent under terraform_key with lifecycle_scope = "CRUD".
const (
	actionCreate = "create"
	actionUpdate = "update"
	actionDelete = "delete"
)

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
