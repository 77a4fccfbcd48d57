package resources

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// qualifiedFunctionRefRe accepts a function name, partial ARN or full ARN,
// optionally with a version or alias.
var qualifiedFunctionRefRe = regexp.MustCompile(`^(arn:[\w-]+:lambda:)?([a-z]{2}(-[a-z]+)+-\d:)?(\d{12}:)?(function:)?[a-zA-Z0-9_-]+(:(\$LATEST|[a-zA-Z0-9_-]+))?$`)

// esmModel is the lambda_event_source_mapping resource.
type esmModel struct {
	ID                             types.String `tfsdk:"id"`
	UUID                           types.String `tfsdk:"uuid"`
	ARN                            types.String `tfsdk:"arn"`
	EventSourceARN                 types.String `tfsdk:"event_source_arn"`
	FunctionName                   types.String `tfsdk:"function_name"`
	FunctionARN                    types.String `tfsdk:"function_arn"`
	Enabled                        types.Bool   `tfsdk:"enabled"`
	BatchSize                      types.Int64  `tfsdk:"batch_size"`
	MaximumBatchingWindowInSeconds types.Int64  `tfsdk:"maximum_batching_window_in_seconds"`
	StartingPosition               types.String `tfsdk:"starting_position"`
	StartingPositionTimestamp      types.String `tfsdk:"starting_position_timestamp"`
	FilterCriteria                 types.List   `tfsdk:"filter_criteria"`
	FunctionResponseTypes          types.Set    `tfsdk:"function_response_types"`
	ScalingConfig                  types.List   `tfsdk:"scaling_config"`
	ParallelizationFactor          types.Int64  `tfsdk:"parallelization_factor"`
	BisectBatchOnFunctionError     types.Bool   `tfsdk:"bisect_batch_on_function_error"`
	MaximumRetryAttempts           types.Int64  `tfsdk:"maximum_retry_attempts"`
	MaximumRecordAgeInSeconds      types.Int64  `tfsdk:"maximum_record_age_in_seconds"`
	TumblingWindowInSeconds        types.Int64  `tfsdk:"tumbling_window_in_seconds"`
	DestinationConfig              types.List   `tfsdk:"destination_config"`
	Tags                           types.Map    `tfsdk:"tags"`
	TagsAll                        types.Map    `tfsdk:"tags_all"`
	State                          types.String `tfsdk:"state"`
	StateTransitionReason          types.String `tfsdk:"state_transition_reason"`
	LastModified                   types.String `tfsdk:"last_modified"`
	LastProcessingResult           types.String `tfsdk:"last_processing_result"`
}

type esmFilterCriteriaModel struct {
	Filter types.Set `tfsdk:"filter"`
}

type esmFilterModel struct {
	Pattern types.String `tfsdk:"pattern"`
}

type esmScalingModel struct {
	MaximumConcurrency types.Int64 `tfsdk:"maximum_concurrency"`
}

type esmDestinationModel struct {
	OnFailure types.List `tfsdk:"on_failure"`
}

type esmOnFailureModel struct {
	DestinationARN types.String `tfsdk:"destination_arn"`
}

var (
	esmFilterType         = types.ObjectType{AttrTypes: map[string]attr.Type{"pattern": types.StringType}}
	esmFilterCriteriaType = types.ObjectType{AttrTypes: map[string]attr.Type{"filter": types.SetType{ElemType: esmFilterType}}}
	esmScalingType        = types.ObjectType{AttrTypes: map[string]attr.Type{"maximum_concurrency": types.Int64Type}}
	esmOnFailureType      = types.ObjectType{AttrTypes: map[string]attr.Type{"destination_arn": types.StringType}}
	esmDestinationType    = types.ObjectType{AttrTypes: map[string]attr.Type{"on_failure": types.ListType{ElemType: esmOnFailureType}}}
)

// sourceDefault describes an Optional+Computed setting whose default the
// backend picks per source (and leaves out for sources it does not apply to).
func sourceDefault(desc string, validators ...validator.Int64) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional: true, Computed: true, Description: desc, Validators: validators,
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

func changing(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, Description: desc}
}

func esmSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Manages an event source mapping: Lambda polls an SQS queue or a Kinesis data stream and invokes " +
			"the function synchronously with batches of records. Arguments follow `aws_lambda_event_source_mapping` for " +
			"the settings that apply to SQS and Kinesis.\n\n" +
			"Against the local engine the mapping's pollers run inside the engine, reading its own SQS and Kinesis " +
			"services. As on AWS, a poll-based source needs no `lambda_permission`: Lambda reads it with the function's " +
			"execution role (which the engine records but does not enforce).\n\n" +
			"AWS allows one mapping per source and function. Creating a second one fails with an error naming the " +
			"existing mapping's UUID, which `terraform import` takes.",
		Attributes: esmAttributes(),
		Blocks:     esmBlocks(),
	}
}

func esmAttributes() map[string]schema.Attribute {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return map[string]schema.Attribute{
		"id":   schema.StringAttribute{Computed: true, Description: "The mapping's UUID.", PlanModifiers: keep},
		"uuid": schema.StringAttribute{Computed: true, Description: "The mapping's UUID, its identifier in the Lambda API.", PlanModifiers: keep},
		"arn":  schema.StringAttribute{Computed: true, Description: "ARN of the mapping (taggable).", PlanModifiers: keep},
		"event_source_arn": schema.StringAttribute{
			Required:      true,
			Description:   "ARN of the SQS queue or Kinesis data stream. Changing it replaces the mapping.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"function_name": schema.StringAttribute{
			Required: true,
			Description: "Name or ARN of the function, optionally qualified with a version or alias. Kept as written: " +
				"a name and an ARN of the same function never show as a change.",
			Validators: []validator.String{
				stringvalidator.LengthBetween(1, 140),
				stringvalidator.RegexMatches(qualifiedFunctionRefRe, "must be a function name or ARN, optionally with :VERSION or :ALIAS"),
			},
		},
		"function_arn": changing("ARN of the function the mapping invokes (qualified when function_name is)."),
		"enabled": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			Description: "Whether Lambda polls the source. A disabled mapping keeps its position (streams) and leaves messages in the queue.",
		},
		"batch_size": sourceDefault("Most records per invocation: 1 to 10000. Defaults to 10 for SQS (more needs "+
			"maximum_batching_window_in_seconds ≥ 1) and 100 for Kinesis.", int64validator.Between(1, 10000)),
		"maximum_batching_window_in_seconds": sourceDefault("How long to gather records before invoking, 0 to 300 seconds (default 0).",
			int64validator.Between(0, 300)),
		"starting_position": schema.StringAttribute{
			Optional:      true,
			Description:   "Kinesis only, and required there: TRIM_HORIZON, LATEST or AT_TIMESTAMP. Changing it replaces the mapping.",
			Validators:    []validator.String{stringvalidator.OneOf("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP")},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"starting_position_timestamp": schema.StringAttribute{
			Optional:      true,
			Description:   "With starting_position AT_TIMESTAMP: the RFC 3339 time to start reading at. Changing it replaces the mapping.",
			Validators:    []validator.String{rfc3339Validator{}},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"function_response_types": schema.SetAttribute{
			Optional: true, ElementType: types.StringType,
			Description: "`[\"ReportBatchItemFailures\"]` lets the function return `batchItemFailures`, so that only the " +
				"failed records are retried.",
			Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.OneOf("ReportBatchItemFailures"))},
		},
		"parallelization_factor": sourceDefault("Kinesis: batches processed at once per shard, 1 to 10 (default 1).", int64validator.Between(1, 10)),
		"bisect_batch_on_function_error": schema.BoolAttribute{
			Optional: true, Computed: true, Description: "Kinesis: split a failing batch in two and retry the halves.",
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		"maximum_retry_attempts": sourceDefault("Kinesis: retries of a failing batch, -1 (until the records expire; the default) to 10000.",
			int64validator.Between(-1, 10000)),
		"maximum_record_age_in_seconds": sourceDefault("Kinesis: records older than this are discarded, -1 (never; the default) or 60 to 604800.",
			int64validator.Any(int64validator.OneOf(-1), int64validator.Between(60, 604800))),
		"tumbling_window_in_seconds": sourceDefault("Kinesis: length of the tumbling window whose state is passed between invocations, 0 to 900.",
			int64validator.Between(0, 900)),
		"tags": schema.MapAttribute{Optional: true, ElementType: types.StringType, Description: "Tags of the mapping. Merged over the provider's default_tags."},
		"tags_all": schema.MapAttribute{
			Computed: true, ElementType: types.StringType,
			Description: "All tags of the mapping: the provider's default_tags overlaid with tags.",
		},
		// Unknown whenever the mapping changes: each update moves them.
		"state":                   changing("Enabled or Disabled once an apply finished (the API also reports Creating, Enabling, Disabling, Updating and Deleting)."),
		"state_transition_reason": changing("Why the mapping is in its state (USER_INITIATED, `User action`, …)."),
		"last_modified":           changing("When the mapping last changed (RFC 3339)."),
		"last_processing_result":  changing("Kinesis: the result of the last batch."),
	}
}

func esmBlocks() map[string]schema.Block {
	return map[string]schema.Block{
		"filter_criteria": schema.ListNestedBlock{
			Description: "Event filtering: only records matching one of the patterns are sent to the function; SQS " +
				"messages that match none are deleted. At most one block.",
			Validators: []validator.List{listvalidator.SizeAtMost(1)},
			NestedObject: schema.NestedBlockObject{Blocks: map[string]schema.Block{
				"filter": schema.SetNestedBlock{
					Description: "Up to 10 filters.",
					Validators:  []validator.Set{setvalidator.SizeAtMost(10)},
					NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
						"pattern": schema.StringAttribute{
							Optional:    true,
							Description: "A filter pattern in Lambda's filter rule syntax (JSON), at most 4096 characters.",
							Validators:  []validator.String{stringvalidator.LengthAtMost(4096)},
						},
					}},
				},
			}},
		},
		"scaling_config": schema.ListNestedBlock{
			Description: "SQS: at most one block.",
			Validators:  []validator.List{listvalidator.SizeAtMost(1)},
			NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
				"maximum_concurrency": schema.Int64Attribute{
					Optional:    true,
					Description: "Most batches of this mapping invoked at once, 2 to 1000.",
					Validators:  []validator.Int64{int64validator.Between(2, 1000)},
				},
			}},
		},
		"destination_config": schema.ListNestedBlock{
			Description: "Kinesis: where records go that could not be processed. At most one block.",
			Validators:  []validator.List{listvalidator.SizeAtMost(1)},
			NestedObject: schema.NestedBlockObject{Blocks: map[string]schema.Block{
				"on_failure": schema.ListNestedBlock{
					Validators: []validator.List{listvalidator.SizeAtMost(1)},
					NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
						"destination_arn": schema.StringAttribute{Required: true, Description: "ARN of an SQS queue."},
					}},
				},
			}},
		},
	}
}
