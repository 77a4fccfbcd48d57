package resources

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// aliasRoutingValidator enforces AWS's routing rules at plan time: an alias
// splits traffic between its version and at most one additional version,
// which must differ from it, and $LATEST cannot take part in a split.
type aliasRoutingValidator struct{}

var _ resource.ConfigValidator = aliasRoutingValidator{}

func (aliasRoutingValidator) Description(context.Context) string {
	return "routing_config.additional_version_weights holds at most one version, other than function_version, and only when function_version is a published version"
}

func (v aliasRoutingValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (aliasRoutingValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var version types.String
	var routing types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("function_version"), &version)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("routing_config"), &routing)...)
	if resp.Diagnostics.HasError() {
		return
	}
	block, ok, d := firstBlock[aliasRoutingModel](ctx, routing)
	resp.Diagnostics.Append(d...)
	if !ok || block.AdditionalVersionWeights.IsNull() || block.AdditionalVersionWeights.IsUnknown() {
		return
	}
	// Unknown keys cannot occur in a map; unknown weights do not matter here.
	keys := slices.Sorted(maps.Keys(block.AdditionalVersionWeights.Elements()))
	for _, msg := range routingProblems(version.ValueString(), !version.IsUnknown() && !version.IsNull(), keys) {
		resp.Diagnostics.AddAttributeError(
			path.Root("routing_config").AtListIndex(0).AtName("additional_version_weights"),
			"Invalid alias routing", msg)
	}
}

// routingProblems lists what AWS would reject about routing an alias on
// version (when known) to the additional versions.
func routingProblems(version string, known bool, additional []string) []string {
	var out []string
	if len(additional) > 1 {
		out = append(out, fmt.Sprintf("An alias routes to at most two versions: function_version and one additional "+
			"version. additional_version_weights names %d (%s); shift traffic in steps, moving function_version "+
			"once a version takes all of it.", len(additional), strings.Join(additional, ", ")))
	}
	if !known || len(additional) == 0 {
		return out
	}
	if version == "$LATEST" {
		out = append(out, "An alias with routing_config must point to a published version, not $LATEST: publish one with lambda_function_version.")
	}
	if slices.Contains(additional, version) {
		out = append(out, fmt.Sprintf("Version %s is function_version already; additional_version_weights must name another version.", version))
	}
	return out
}
