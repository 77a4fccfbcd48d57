package resources

import (
	"context"
	"regexp"

	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// uniqueSuffixLength is the length of what uniqueStatementID appends to a
// prefix; AWS allows statement IDs of up to 100 characters.
const (
	uniqueSuffixLength = 26
	maxStatementID     = 100
)

var (
	statementIDRe      = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
	permissionActionRe = regexp.MustCompile(`^(lambda:[*]|lambda:[a-zA-Z]+|[*])$`)
	principalRe        = regexp.MustCompile(`^[^\s]+$`)
	accountIDRe        = regexp.MustCompile(`^\d{12}$`)
	eventSourceTokenRe = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)
	principalOrgIDRe   = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	permissionQualRe   = regexp.MustCompile(`^[a-zA-Z0-9$_-]+$`)
)

// permissionModel is the lambda_permission resource.
type permissionModel struct {
	ID                  types.String   `tfsdk:"id"`
	FunctionName        types.String   `tfsdk:"function_name"`
	Qualifier           types.String   `tfsdk:"qualifier"`
	StatementID         types.String   `tfsdk:"statement_id"`
	StatementIDPrefix   types.String   `tfsdk:"statement_id_prefix"`
	Action              types.String   `tfsdk:"action"`
	Principal           types.String   `tfsdk:"principal"`
	SourceARN           types.String   `tfsdk:"source_arn"`
	SourceAccount       types.String   `tfsdk:"source_account"`
	EventSourceToken    types.String   `tfsdk:"event_source_token"`
	PrincipalOrgID      types.String   `tfsdk:"principal_org_id"`
	FunctionURLAuthType types.String   `tfsdk:"function_url_auth_type"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

func permissionSchema(ctx context.Context) schema.Schema {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	return schema.Schema{
		MarkdownDescription: "Grants an AWS service, account or organization permission to use a function: one " +
			"statement of its resource-based policy (AddPermission). Arguments follow `aws_lambda_permission`; a " +
			"permission cannot be changed, so every change re-creates it.\n\n" +
			"**Replacement of the function.** Deleting a function deletes its policy. With `aws_lambda_permission` " +
			"the permission is then silently missing until a second apply. Here, write " +
			"`function_name = lambda_function.NAME.arn`: a function's `arn` is known and stable while it is " +
			"updated in place, and unknown exactly when the function is planned for replacement, which replaces this " +
			"permission in the same plan, so it is re-added to the new function. (A name that does not change, " +
			"such as `lambda_function.NAME.function_name`, cannot tell Terraform.) Permissions missing on the " +
			"backend for any other reason are re-created by the next plan.\n\n" +
			"Writes to one function's policy are serialised by the provider, working around AWS dropping " +
			"permissions added in parallel.\n\n" +
			"Import with `FUNCTION_NAME/STATEMENT_ID` or `FUNCTION_NAME:QUALIFIER/STATEMENT_ID`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "`FUNCTION_NAME/STATEMENT_ID` or `FUNCTION_NAME:QUALIFIER/STATEMENT_ID` with the bare function name: the import ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"function_name": schema.StringAttribute{
				Required: true,
				Description: "Name or ARN of the function, kept as written. Use `lambda_function.NAME.arn` so that the " +
					"permission is re-created when the function is replaced. Another function replaces the permission; " +
					"a name and an ARN of the same function do not.",
				PlanModifiers: []planmodifier.String{replaceUnlessSameFunction()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 140),
					stringvalidator.RegexMatches(unqualifiedFunctionRefRe, "must be a function name or an unqualified function ARN; use qualifier for a version or alias"),
				},
			},
			"qualifier": schema.StringAttribute{
				Optional:      true,
				Description:   "Version or alias whose policy gets the statement, instead of the unqualified function's.",
				PlanModifiers: replace,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 128),
					stringvalidator.RegexMatches(permissionQualRe, "must be a version number or an alias name"),
				},
			},
			"statement_id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "Statement ID (Sid), unique within the policy: letters, digits, hyphens and underscores. " +
					"Unset, it is generated from statement_id_prefix (or `terraform-`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, maxStatementID),
					stringvalidator.RegexMatches(statementIDRe, "may contain only letters, digits, hyphens and underscores"),
					stringvalidator.ConflictsWith(path.MatchRoot("statement_id_prefix")),
				},
			},
			"statement_id_prefix": schema.StringAttribute{
				Optional:      true,
				Description:   "Generate statement_id by appending a unique suffix to this prefix. Not read back on import.",
				PlanModifiers: replace,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, maxStatementID-uniqueSuffixLength),
					stringvalidator.RegexMatches(statementIDRe, "may contain only letters, digits, hyphens and underscores"),
				},
			},
			"action": schema.StringAttribute{
				Required:      true,
				Description:   "The action allowed, such as `lambda:InvokeFunction`, `lambda:InvokeFunctionUrl` or `lambda:GetFunction`.",
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.RegexMatches(permissionActionRe, "must be lambda:ACTION, lambda:* or *")},
			},
			"principal": schema.StringAttribute{
				Required: true,
				Description: "Who is allowed: a service principal such as `s3.amazonaws.com`, an account ID, an IAM ARN, or `*`. " +
					"An account ID stays an account ID in state although AWS stores `arn:aws:iam::ID:root`.",
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.RegexMatches(principalRe, "must not contain whitespace")},
			},
			"source_arn": schema.StringAttribute{
				Optional:      true,
				Description:   "Only requests from this resource (such as an S3 bucket or SNS topic ARN) are allowed: the `ArnLike` condition on `AWS:SourceArn`.",
				PlanModifiers: replace,
				Validators:    []validator.String{arnValidator("a source")},
			},
			"source_account": schema.StringAttribute{
				Optional:      true,
				Description:   "Only requests on behalf of this account ID are allowed (`AWS:SourceAccount`); use with source_arn for S3.",
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.RegexMatches(accountIDRe, "must be a 12-digit account ID")},
			},
			"event_source_token": schema.StringAttribute{
				Optional:      true,
				Description:   "Token an Alexa Smart Home skill must present (`lambda:EventSourceToken`).",
				PlanModifiers: replace,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 256),
					stringvalidator.RegexMatches(eventSourceTokenRe, "may contain only letters, digits, dots, hyphens and underscores"),
				},
			},
			"principal_org_id": schema.StringAttribute{
				Optional:      true,
				Description:   "Only principals of this AWS Organization are allowed (`aws:PrincipalOrgID`), such as `o-a1b2c3d4e5`.",
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.RegexMatches(principalOrgIDRe, "must be an organization ID such as o-a1b2c3d4e5")},
			},
			"function_url_auth_type": schema.StringAttribute{
				Optional:      true,
				Description:   "For `lambda:InvokeFunctionUrl`: the function URL's auth type the permission applies to, `NONE` or `AWS_IAM`.",
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.OneOf(enumStrings(lambdatypes.FunctionUrlAuthType("").Values())...)},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true}),
		},
	}
}
