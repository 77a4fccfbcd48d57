package resources

import (
	"context"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// defaultProvisionedTimeout is aws_lambda_provisioned_concurrency_config's
// create and update timeout: allocating environments on AWS takes minutes.
const defaultProvisionedTimeout = 15 * time.Minute

// provisionedQualifierRe: an alias name or a published version number
// ($LATEST cannot be provisioned).
var provisionedQualifierRe = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

type provisionedConcurrencyModel struct {
	ID                              types.String   `tfsdk:"id"`
	FunctionName                    types.String   `tfsdk:"function_name"`
	Qualifier                       types.String   `tfsdk:"qualifier"`
	ProvisionedConcurrentExecutions types.Int64    `tfsdk:"provisioned_concurrent_executions"`
	SkipDestroy                     types.Bool     `tfsdk:"skip_destroy"`
	Timeouts                        timeouts.Value `tfsdk:"timeouts"`
}

func provisionedConcurrencySchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Provisioned concurrency for a published version or an alias " +
			"(PutProvisionedConcurrencyConfig): that many execution environments are initialised ahead of any " +
			"invocation and kept warm, so calls up to that number never start cold; calls beyond it spill over to " +
			"on-demand environments. Arguments follow `aws_lambda_provisioned_concurrency_config`. Create and update " +
			"wait until the configuration is `READY` and fail with AWS's reason if it ends `FAILED` (for example " +
			"`FUNCTION_ERROR_INIT_FAILURE` when the function's initialisation fails).\n\n" +
			"AWS rules the backend enforces: not on `$LATEST`; not on an alias with weighted routing; one version is " +
			"provisioned either directly or through one alias; it counts against the function's reserved concurrency " +
			"(`lambda_function_concurrency`) or, without one, against the account's unreserved concurrency.\n\n" +
			"Import with `FUNCTION_NAME,QUALIFIER`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "`FUNCTION_NAME,QUALIFIER` with the bare function name: the import ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"function_name": schema.StringAttribute{
				Required: true,
				Description: "Name or ARN of the function (unqualified), kept as written. Another function replaces " +
					"the configuration; a name and an ARN of the same function do not.",
				PlanModifiers: []planmodifier.String{replaceUnlessSameFunction()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 140),
					stringvalidator.RegexMatches(unqualifiedFunctionRefRe, "must be a function name or an unqualified function ARN"),
				},
			},
			"qualifier": schema.StringAttribute{
				Required:      true,
				Description:   "Alias name or published version number. Changing it replaces the configuration.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 128),
					stringvalidator.RegexMatches(provisionedQualifierRe, "must be an alias name or a version number ($LATEST cannot be provisioned)"),
				},
			},
			"provisioned_concurrent_executions": schema.Int64Attribute{
				Required:    true,
				Description: "How many execution environments to keep initialised (at least 1).",
				Validators:  []validator.Int64{int64validator.Between(1, maxInt32)},
			},
			"skip_destroy": schema.BoolAttribute{
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
				Description: "When true, destroying the resource only forgets it: the configuration stays on the backend.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true}),
		},
	}
}
