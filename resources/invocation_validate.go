package resources

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ValidateConfig checks what CRUD requires of input: a JSON object that does
// not already use terraform_key, since the provider adds that key.
func (r *InvocationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m invocationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.LifecycleScope.ValueString() != lifecycleCRUD || m.Input.IsUnknown() || m.Input.IsNull() {
		return
	}
	key := m.TerraformKey.ValueString()
	if m.TerraformKey.IsNull() {
		key = "tf"
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(m.Input.ValueString()), &obj); err != nil || obj == nil {
		resp.Diagnostics.AddAttributeError(pathOf("input"), "input must be a JSON object",
			"With lifecycle_scope = \"CRUD\" the provider adds the lifecycle key to input, so input must be a JSON object.")
		return
	}
	if _, taken := obj[key]; taken && !m.TerraformKey.IsUnknown() {
		resp.Diagnostics.AddAttributeError(pathOf("terraform_key"), "input already has the key "+key,
			"With lifecycle_scope = \"CRUD\" the provider sets the key "+key+" of input to the lifecycle action; "+
				"set terraform_key to a key input does not use.")
	}
}
