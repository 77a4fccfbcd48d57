package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

// replaceUnlessSameFunction is RequiresReplace for a function_name argument
// of an object that belongs to a function (version, alias, permission). The
// written form is kept as written, so switching between a name and an ARN of
// the same function is an in-place update that calls no API. An unknown
// value replaces: function_name = lambda_function.x.arn is unknown exactly
// when that function is being replaced, and the dependent object must then
// be re-created on the new function in the same apply.
func replaceUnlessSameFunction() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = req.PlanValue.IsUnknown() ||
				!lambdaapi.SameFunction(req.PlanValue.ValueString(), req.StateValue.ValueString())
		},
		"Replaces the resource when the function changes or is being replaced (its reference is unknown); a name and an ARN of the same function are equal.",
		"Replaces the resource when the function changes or is being replaced (its reference is unknown); a name and an ARN of the same function are equal.",
	)
}
