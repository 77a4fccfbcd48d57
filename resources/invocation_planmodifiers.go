package resources

import (
	"context"
	"encoding/json"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// plannedCRUD reports whether the plan has lifecycle_scope = "CRUD". An
// unknown scope counts as CREATE_ONLY, so the plan errs on replacement.
func plannedCRUD(ctx context.Context, plan tfsdk.Plan) bool {
	var scope types.String
	if d := plan.GetAttribute(ctx, path.Root("lifecycle_scope"), &scope); d.HasError() {
		return false
	}
	return scope.ValueString() == lifecycleCRUD
}

// replaceInputUnlessCRUD replaces the resource when input changes as JSON
// and the plan is not CRUD; a reformatted but equal document is an in-place
// update that does not invoke.
func replaceInputUnlessCRUD() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !plannedCRUD(ctx, req.Plan) && !jsonEqual(req.StateValue, req.PlanValue)
		},
		"Changing input (other than reformatting it) replaces the resource unless lifecycle_scope is CRUD.",
		"Changing `input` (other than reformatting it) replaces the resource unless `lifecycle_scope` is `CRUD`.",
	)
}

func replaceTriggersUnlessCRUD(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !plannedCRUD(ctx, req.Plan)
}

// jsonEqual reports whether two known strings hold the same JSON value.
// Unknown or unparsable values are equal only when identical.
func jsonEqual(a, b types.String) bool {
	if a.IsUnknown() || b.IsUnknown() || a.IsNull() || b.IsNull() {
		return a.Equal(b)
	}
	if a.ValueString() == b.ValueString() {
		return true
	}
	var av, bv any
	if json.Unmarshal([]byte(a.ValueString()), &av) != nil || json.Unmarshal([]byte(b.ValueString()), &bv) != nil {
		return false
	}
	return reflect.DeepEqual(av, bv)
}

// invokes reports whether moving from state to plan runs the function: a
// new function or version, new triggers, or an input that differs as JSON.
// Whether that is a replacement or a CRUD update is for the plan modifiers
// of those attributes to decide.
func invokes(plan, state invocationModel) bool {
	return !plan.FunctionName.Equal(state.FunctionName) ||
		!plan.Qualifier.Equal(state.Qualifier) ||
		!plan.Triggers.Equal(state.Triggers) ||
		!jsonEqual(plan.Input, state.Input)
}

// keepUnlessInvoking plans a computed attribute of lambda_invocation as its
// prior value unless the plan invokes the function again, so that changing
// lifecycle_scope or terraform_key, or reformatting input, leaves result
// known and unchanged.
func keepUnlessInvoking() planmodifier.String { return keepUnlessInvokingModifier{} }

type keepUnlessInvokingModifier struct{}

func (keepUnlessInvokingModifier) Description(context.Context) string {
	return "Keeps the prior value unless the function is invoked again."
}

func (m keepUnlessInvokingModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepUnlessInvokingModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	// A null prior state is a create (or the create half of a replacement);
	// a null plan is a destroy.
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var plan, state invocationModel
	if d := req.Plan.Get(ctx, &plan); d.HasError() {
		return
	}
	if d := req.State.Get(ctx, &state); d.HasError() {
		return
	}
	if !invokes(plan, state) {
		resp.PlanValue = req.StateValue
	}
}
