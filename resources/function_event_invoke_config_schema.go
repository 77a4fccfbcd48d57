package resources

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// AWS's limits on an event invoke configuration (PutFunctionEventInvokeConfig).
const (
	minEventAgeSeconds       = 60
	maxEventAgeSeconds       = 21600
	maxEventRetryAttempts    = 2
	defaultEventRetryAttempt = 2
	maxDestinationARNLength  = 350
)

// functionEventInvokeConfigModel is the lambda_function_event_invoke_config resource.
type functionEventInvokeConfigModel struct {
	ID                       types.String `tfsdk:"id"`
	FunctionName             types.String `tfsdk:"function_name"`
	Qualifier                types.String `tfsdk:"qualifier"`
	MaximumEventAgeInSeconds types.Int64  `tfsdk:"maximum_event_age_in_seconds"`
	MaximumRetryAttempts     types.Int64  `tfsdk:"maximum_retry_attempts"`
	DestinationConfig        types.List   `tfsdk:"destination_config"`
}

type eventDestinationConfigModel struct {
	OnFailure types.List `tfsdk:"on_failure"`
	OnSuccess types.List `tfsdk:"on_success"`
}

type eventDestinationModel struct {
	Destination types.String `tfsdk:"destination"`
}

var (
	eventDestinationType       = types.ObjectType{AttrTypes: map[string]attr.Type{"destination": types.StringType}}
	eventDestinationConfigType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"on_failure": types.ListType{ElemType: eventDestinationType},
		"on_success": types.ListType{ElemType: eventDestinationType},
	}}
)

func functionEventInvokeConfigSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Configures asynchronous (`Event`) invocation of a function, or of one of its versions or " +
			"aliases: how often a failed event is retried, how old an event may get before it is discarded, and where " +
			"a record of each outcome is sent (another function, an SQS queue, an SNS topic, an EventBridge bus or, " +
			"on failure, an S3 bucket). Arguments follow `aws_lambda_function_event_invoke_config`.\n\n" +
			"Every apply sends the complete configuration (PutFunctionEventInvokeConfig), so removing an argument " +
			"or a destination from the configuration removes it from the backend too. Changes made outside Terraform, " +
			"and a configuration deleted outside Terraform, show up in the next plan.\n\n" +
			"The local engine retries, expires and delivers events as AWS does; it delivers records to its own SQS " +
			"queues and to functions, and counts deliveries to other services as failed.\n\n" +
			"Import with `FUNCTION_NAME`, `FUNCTION_NAME:QUALIFIER`, the function ARN or the qualified function ARN.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:    true,
				Description: "`function_name` as written, followed by `:QUALIFIER` when qualifier is set: the import ID.",
				PlanModifiers: []planmodifier.String{
					useStateUnlessSiblingChanged[types.String]("function_name"),
				},
			},
			"function_name": schema.StringAttribute{
				Required: true,
				Description: "Name or ARN (without a version or alias suffix) of the function, kept as written. Another " +
					"function replaces the configuration; a name and an ARN of the same function do not.",
				PlanModifiers: []planmodifier.String{replaceUnlessSameFunction()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 140),
					stringvalidator.RegexMatches(unqualifiedFunctionRefRe, "must be a function name or an unqualified function ARN; use qualifier for a version or alias"),
				},
			},
			"qualifier": schema.StringAttribute{
				Optional: true,
				Description: "Version number, alias name or `$LATEST` whose asynchronous invocations are configured. " +
					"Unset, the configuration applies to the unqualified function (`$LATEST`). Changing it replaces the " +
					"configuration.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 128),
					stringvalidator.RegexMatches(qualifierRe, "must be a version number, an alias name or $LATEST"),
				},
			},
			"maximum_event_age_in_seconds": schema.Int64Attribute{
				Optional: true,
				Description: "Maximum age of an event, 60 to 21600 seconds, after which it is discarded (and sent to the " +
					"on-failure destination) instead of being retried. Unset, events are kept for the service's maximum of " +
					"6 hours.",
				Validators: []validator.Int64{int64validator.Between(minEventAgeSeconds, maxEventAgeSeconds)},
			},
			"maximum_retry_attempts": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(defaultEventRetryAttempt),
				Description: "How many times a failed event is retried, 0 to 2: an event runs at most " +
					"1 + maximum_retry_attempts times. Defaults to 2.",
				Validators: []validator.Int64{int64validator.Between(0, maxEventRetryAttempts)},
			},
		},
		Blocks: map[string]schema.Block{
			"destination_config": schema.ListNestedBlock{
				Description: "Where records of processed events are sent: at most one block. Without it, no record is sent.",
				Validators:  []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{Blocks: map[string]schema.Block{
					"on_failure": eventDestinationBlock("Destination of a record for each event that failed every attempt or " +
						"expired (condition `RetriesExhausted` or `EventAgeExceeded`). At most one block."),
					"on_success": eventDestinationBlock("Destination of a record, including the function's response, for each " +
						"event that was processed successfully. At most one block."),
				}},
			},
		},
	}
}

func eventDestinationBlock(desc string) schema.ListNestedBlock {
	return atMostOne(desc, map[string]schema.Attribute{
		"destination": schema.StringAttribute{
			Required: true,
			Description: "ARN of the destination: a function (not this one), an SQS queue, an SNS topic, an EventBridge " +
				"event bus, or (on failure only) an S3 bucket.",
			Validators: []validator.String{
				stringvalidator.LengthAtMost(maxDestinationARNLength),
				arnValidator("a function, SQS queue, SNS topic, event bus or S3 bucket"),
			},
		},
	})
}
