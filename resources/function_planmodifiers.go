package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// useStateUnlessSiblingChanged plans an unconfigured computed string as its
// prior state value, like UseStateForUnknown, except when the named sibling
// attribute of the same block changes: then the backend may derive a new
// value (log levels from log_format, vpc_id from subnet_ids) and the plan
// must leave it unknown.
func useStateUnlessSiblingChanged[T attr.Value](sibling string) planmodifier.String {
	return siblingModifier[T]{sibling: sibling}
}

// useBlockState is UseStateForUnknown for attributes inside blocks. The
// framework's version copies a null state value when the block itself is new,
// which then contradicts the value the backend reports after apply.
func useBlockState() planmodifier.String {
	return siblingModifier[attr.Value]{}
}

type siblingModifier[T attr.Value] struct{ sibling string }

func (m siblingModifier[T]) Description(context.Context) string {
	if m.sibling == "" {
		return "Keeps the prior value when there is one."
	}
	return fmt.Sprintf("Keeps the prior value unless %s changes.", m.sibling)
}

func (m siblingModifier[T]) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m siblingModifier[T]) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || !req.PlanValue.IsUnknown() || req.StateValue.IsNull() || req.StateValue.IsUnknown() {
		return
	}
	if m.sibling == "" {
		resp.PlanValue = req.StateValue
		return
	}
	sib := req.Path.ParentPath().AtName(m.sibling)
	var planned, prior T
	if d := req.Plan.GetAttribute(ctx, sib, &planned); d.HasError() {
		return
	}
	if d := req.State.GetAttribute(ctx, sib, &prior); d.HasError() {
		return
	}
	if planned.Equal(prior) {
		resp.PlanValue = req.StateValue
	}
}
