package resources

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	// aliasNameRe is AWS's (?!^[0-9]+$)([a-zA-Z0-9-_]+) without the
	// lookahead: at least one character that is not a digit.
	aliasNameRe        = regexp.MustCompile(`^[0-9]*[a-zA-Z_-][a-zA-Z0-9_-]*$`)
	aliasVersionRe     = regexp.MustCompile(`^(\$LATEST|[0-9]+)$`)
	publishedVersionRe = regexp.MustCompile(`^[0-9]+$`)
)

// aliasModel is the lambda_alias resource.
type aliasModel struct {
	ID              types.String `tfsdk:"id"`
	Name            types.String `tfsdk:"name"`
	FunctionName    types.String `tfsdk:"function_name"`
	FunctionVersion types.String `tfsdk:"function_version"`
	Description     types.String `tfsdk:"description"`
	RoutingConfig   types.List   `tfsdk:"routing_config"`
	ARN             types.String `tfsdk:"arn"`
	InvokeARN       types.String `tfsdk:"invoke_arn"`
	RevisionID      types.String `tfsdk:"revision_id"`
}

type aliasRoutingModel struct {
	AdditionalVersionWeights types.Map `tfsdk:"additional_version_weights"`
}

var (
	versionWeightsType = types.MapType{ElemType: types.Float64Type}
	aliasRoutingType   = types.ObjectType{AttrTypes: map[string]attr.Type{"additional_version_weights": versionWeightsType}}
)

func aliasSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Manages an alias: a stable name (and ARN) for one published version of a function, " +
			"optionally sending part of its traffic to one additional version for canary and blue/green rollouts. " +
			"Arguments follow `aws_lambda_alias`.\n\n" +
			"AWS routes an alias to at most **two** versions: `function_version` and a single entry of " +
			"`routing_config.additional_version_weights`, both published versions (not `$LATEST`). This is checked " +
			"at plan time, not discovered halfway through an apply.\n\n" +
			"Changes made outside Terraform (another version, other weights, a deleted alias) show up in the next plan.\n\n" +
			"Import with `FUNCTION_NAME/ALIAS` or the alias ARN.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "`FUNCTION_NAME/ALIAS`, with the bare function name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:      true,
				Description:   "Name of the alias: 1 to 128 letters, digits, hyphens or underscores, not only digits. Changing it replaces the alias.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 128),
					stringvalidator.RegexMatches(aliasNameRe, "may contain only letters, digits, hyphens and underscores, and must not be a number"),
				},
			},
			"function_name": schema.StringAttribute{
				Required: true,
				Description: "Name or ARN of the function, kept as written: a name and an ARN of the same function never " +
					"diff into a replacement. Another function replaces the alias.",
				PlanModifiers: []planmodifier.String{replaceUnlessSameFunction()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 140),
					stringvalidator.RegexMatches(unqualifiedFunctionRefRe, "must be a function name or an unqualified function ARN"),
				},
			},
			"function_version": schema.StringAttribute{
				Required:    true,
				Description: "The version the alias points to: a published version number, or `$LATEST` (without routing_config).",
				Validators: []validator.String{
					stringvalidator.RegexMatches(aliasVersionRe, "must be a version number or $LATEST"),
				},
			},
			"description": schema.StringAttribute{
				Optional:    true,
				Computed:    true,
				Default:     stringdefault.StaticString(""),
				Description: "Description of the alias, at most 256 characters.",
				Validators:  []validator.String{stringvalidator.LengthAtMost(256)},
			},
			"arn":        computedString("ARN of the alias (`FUNCTION_ARN:ALIAS`), usable wherever a function ARN is."),
			"invoke_arn": computedString("API Gateway invoke ARN of the alias."),
			"revision_id": schema.StringAttribute{
				Computed:    true,
				Description: "Revision of the alias, changing on every update.",
			},
		},
		Blocks: map[string]schema.Block{
			"routing_config": schema.ListNestedBlock{
				Description: "Traffic shifting: at most one block.",
				Validators:  []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"additional_version_weights": schema.MapAttribute{
						Optional:    true,
						ElementType: types.Float64Type,
						Description: "At most one entry: a published version number (other than function_version) and the " +
							"fraction of invocations, 0 to 1, it receives; function_version gets the rest.",
						Validators: []validator.Map{
							mapvalidator.KeysAre(stringvalidator.RegexMatches(publishedVersionRe, "must be a published version number")),
							mapvalidator.ValueFloat64sAre(float64validator.Between(0, 1)),
						},
					},
				}},
			},
		},
	}
}
