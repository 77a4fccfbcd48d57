package resources

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/validators"
)

// Lifecycle scopes of lambda_invocation, as in aws_lambda_invocation.
const (
	lifecycleCreateOnly = "CREATE_ONLY"
	lifecycleCRUD       = "CRUD"
)

// defaultInvocationQualifier is what Invoke runs without a qualifier.
const defaultInvocationQualifier = "$LATEST"

var (
	// unqualifiedFunctionRefRe accepts a function name, partial ARN or full
	// ARN without a version or alias suffix: the qualifier argument names
	// the version, and AWS rejects a request where both do.
	unqualifiedFunctionRefRe = regexp.MustCompile(`^(arn:[\w-]+:lambda:)?([a-z]{2}(-[a-z]+)+-\d:)?(\d{12}:)?(function:)?[a-zA-Z0-9_-]+$`)
	qualifierRe              = regexp.MustCompile(`^(\$LATEST|[a-zA-Z0-9_-]+)$`)
)

// invocationModel is the lambda_invocation resource.
type invocationModel struct {
	ID              types.String `tfsdk:"id"`
	FunctionName    types.String `tfsdk:"function_name"`
	Qualifier       types.String `tfsdk:"qualifier"`
	Input           types.String `tfsdk:"input"`
	Triggers        types.Map    `tfsdk:"triggers"`
	LifecycleScope  types.String `tfsdk:"lifecycle_scope"`
	TerraformKey    types.String `tfsdk:"terraform_key"`
	Result          types.String `tfsdk:"result"`
	ExecutedVersion types.String `tfsdk:"executed_version"`
}

func invocationSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Invokes a function synchronously (`RequestResponse`) as a step of the Terraform " +
			"lifecycle and records its response, like `aws_lambda_invocation`.\n\n" +
			"With `lifecycle_scope = \"CREATE_ONLY\"` (the default) the function runs when the resource is created " +
			"and again only when it is replaced: when `function_name`, `qualifier` or `triggers` change, or `input` " +
			"changes as JSON (reformatting the same JSON document never re-invokes). Refresh and plan never invoke.\n\n" +
			"With `lifecycle_scope = \"CRUD\"` the function also runs when `input` or `triggers` change (an update) " +
			"and when the resource is destroyed. `input` must then be a JSON object, and the provider adds the key " +
			"named by `terraform_key` to it: `{\"tf\": {\"action\": \"create|update|delete\", \"prev_input\": ...}}`, " +
			"where `prev_input` is `null` on create, the previous `input` on update and the current `input` on delete.\n\n" +
			"Each invocation is sent exactly once: the SDK's retries are disabled for Invoke, because a retried request " +
			"can run a function with side effects twice. A function error (an unhandled exception, a timeout) fails " +
			"the apply with the `errorType` and `errorMessage` the function reported and the tail of its log.\n\n" +
			"To invoke a function on every plan and read its result, use the `lambda_invocation` data source instead.\n\n" +
			"Import is not supported: an invocation is an event, not an object the backend can read back.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "`function_name,qualifier,md5(payload)`, where payload is the event of the last invocation, as in aws_lambda_invocation.",
				PlanModifiers: []planmodifier.String{keepUnlessInvoking()},
			},
			"function_name": schema.StringAttribute{
				Required:      true,
				Description:   "Name or ARN (without a version suffix) of the function to invoke. Changing it replaces the resource, which invokes the new function.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 140),
					stringvalidator.RegexMatches(unqualifiedFunctionRefRe, "must be a function name or an unqualified function ARN"),
				},
			},
			"qualifier": schema.StringAttribute{
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString(defaultInvocationQualifier),
				Description:   "Version number or alias to invoke. Defaults to `$LATEST`. Changing it replaces the resource, which invokes the function again.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 128),
					stringvalidator.RegexMatches(qualifierRe, "must be $LATEST, a version number or an alias name"),
				},
			},
			"input": schema.StringAttribute{
				Required: true,
				Description: "The event, a JSON document (a JSON object with `lifecycle_scope = \"CRUD\"`). " +
					"A change that is not just reformatting re-invokes the function: by replacement with `CREATE_ONLY`, by an update with `CRUD`.",
				PlanModifiers: []planmodifier.String{replaceInputUnlessCRUD()},
				Validators:    []validator.String{validators.JSON()},
			},
			"triggers": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Description: "Arbitrary values whose change re-invokes the function, for example a hash of its code: " +
					"by replacement with `CREATE_ONLY`, by an update with `CRUD`.",
				PlanModifiers: []planmodifier.Map{
					mapplanmodifier.RequiresReplaceIf(replaceTriggersUnlessCRUD,
						"Changing triggers replaces the resource unless lifecycle_scope is CRUD.",
						"Changing `triggers` replaces the resource unless `lifecycle_scope` is `CRUD`."),
				},
			},
			"lifecycle_scope": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(lifecycleCreateOnly),
				Description: "When the function runs: `CREATE_ONLY` (default) on create and replacement only; `CRUD` also on update and destroy, " +
					"with the lifecycle key added to `input`. Changing only this argument does not invoke the function.",
				Validators: []validator.String{stringvalidator.OneOf(lifecycleCreateOnly, lifecycleCRUD)},
			},
			"terraform_key": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("tf"),
				Description: "Name of the key added to `input` with `lifecycle_scope = \"CRUD\"`. Defaults to `tf`; " +
					"`input` must not already contain it. Changing only this argument does not invoke the function.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"result": schema.StringAttribute{
				Computed:      true,
				Description:   "The function's response payload, as a string (use `jsondecode` to read fields).",
				PlanModifiers: []planmodifier.String{keepUnlessInvoking()},
			},
			"executed_version": schema.StringAttribute{
				Computed:      true,
				Description:   "The version of the function that ran, as reported in `X-Amz-Executed-Version`.",
				PlanModifiers: []planmodifier.String{keepUnlessInvoking()},
			},
		},
	}
}
