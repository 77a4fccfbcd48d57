package resources

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// jsonValidator requires a string to be one JSON document.
type jsonValidator struct{}

func (jsonValidator) Description(context.Context) string { return "must be a JSON document" }

func (v jsonValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (jsonValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var v any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &v); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON", "The value must be a JSON document: "+err.Error())
	}
}

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
