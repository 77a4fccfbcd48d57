package resources

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var codeSha256Re = regexp.MustCompile(`^[A-Za-z0-9+/]{43}=$`)

// functionVersionModel is the lambda_function_version resource.
type functionVersionModel struct {
	ID           types.String   `tfsdk:"id"`
	FunctionName types.String   `tfsdk:"function_name"`
	Description  types.String   `tfsdk:"description"`
	CodeSha256   types.String   `tfsdk:"code_sha256"`
	Triggers     types.Map      `tfsdk:"triggers"`
	SkipDestroy  types.Bool     `tfsdk:"skip_destroy"`
	Version      types.String   `tfsdk:"version"`
	ARN          types.String   `tfsdk:"arn"`
	FunctionARN  types.String   `tfsdk:"function_arn"`
	InvokeARN    types.String   `tfsdk:"invoke_arn"`
	RevisionID   types.String   `tfsdk:"revision_id"`
	LastModified types.String   `tfsdk:"last_modified"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func functionVersionSchema(ctx context.Context) schema.Schema {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return schema.Schema{
		MarkdownDescription: "Publishes one immutable version of a function from its current (`$LATEST`) code and " +
			"configuration. `aws_lambda_function`'s only way to version is `publish = true`, whose `version` and " +
			"`qualified_arn` go stale or churn; here a version is an object of its own, published when the resource " +
			"is created and replaced (republished) exactly when an argument changes.\n\n" +
			"**Recommended pattern.** Tie the version to what you deploy, not to the function's `revision_id` " +
			"(publishing itself gives `$LATEST` a new revision, so that would republish on every plan) or " +
			"`last_modified` (which also moves on changes that do not make a new version):\n\n" +
			"```terraform\n" +
			"resource \"lambda_function_version\" \"current\" {\n" +
			"  function_name = lambda_function.app.function_name\n" +
			"  code_sha256   = lambda_function.app.code_sha256 # republish on new code, and refuse to publish other code\n" +
			"  triggers = {\n" +
			"    config = sha256(jsonencode([lambda_function.app.runtime, lambda_function.app.handler,\n" +
			"      lambda_function.app.memory_size, lambda_function.app.timeout, lambda_function.app.environment]))\n" +
			"  }\n" +
			"  lifecycle { create_before_destroy = true } # when an alias points here: move the alias, then delete\n" +
			"}\n" +
			"```\n\n" +
			"Lambda publishes nothing when `$LATEST` equals the latest version and returns that version instead; " +
			"creating this resource then fails (another resource, or `publish = true` on `lambda_function`, owns that " +
			"version), unless `skip_destroy = true`, which adopts it. Use either this resource or `publish = true` " +
			"on the function, not both: this one is explicit, drift-free and can delete old versions.\n\n" +
			"Import with `FUNCTION_NAME:VERSION` or the version's ARN.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "`FUNCTION_NAME:VERSION`, with the bare function name.",
				PlanModifiers: keep,
			},
			"function_name": schema.StringAttribute{
				Required: true,
				Description: "Name or ARN of the function to publish, kept as written. Use `lambda_function.NAME.arn` to " +
					"republish when the function is replaced. A different function replaces the resource.",
				PlanModifiers: []planmodifier.String{replaceUnlessSameFunction()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 140),
					stringvalidator.RegexMatches(unqualifiedFunctionRefRe, "must be a function name or an unqualified function ARN"),
				},
			},
			"description": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "Description of the version, at most 256 characters. Unset, the version takes the function's " +
					"description. Changing it publishes a new version (replacement).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.LengthAtMost(256)},
			},
			"code_sha256": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "Base64 SHA-256 of the version's code. When set (typically to `lambda_function.NAME.code_sha256`), " +
					"it is sent to PublishVersion, which refuses to publish unless `$LATEST` has exactly this code, and a " +
					"change publishes a new version (replacement). Unset, it reports the published code's hash.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.RegexMatches(codeSha256Re, "must be a base64 SHA-256 such as filebase64sha256 returns")},
			},
			"triggers": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Description: "Arbitrary values whose change publishes a new version (replacement), such as a hash of the function's configuration.",
				PlanModifiers: []planmodifier.Map{
					mapplanmodifier.RequiresReplace(),
				},
			},
			"skip_destroy": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "Keep the version when the resource is destroyed or replaced, for rollbacks. Defaults to false: " +
					"the version is deleted (DeleteFunction with its qualifier). Also lets the resource adopt an identical, " +
					"already published version. Changing it changes no version.",
			},
			"version":       computedString("The version number Lambda assigned."),
			"arn":           computedString("Qualified ARN of the version (`FUNCTION_ARN:VERSION`)."),
			"function_arn":  computedString("Unqualified ARN of the function."),
			"invoke_arn":    computedString("API Gateway invoke ARN of the version."),
			"revision_id":   computedString("Revision ID of the version."),
			"last_modified": computedString("When the version's code and configuration were last changed (ISO 8601)."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true}),
		},
	}
}
