package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// functionModel is the lambda_function resource. Blocks are types.List
// rather than Go slices so that plans with unknown (dynamic) blocks decode.
type functionModel struct {
	ID                 types.String   `tfsdk:"id"`
	FunctionName       types.String   `tfsdk:"function_name"`
	Role               types.String   `tfsdk:"role"`
	Handler            types.String   `tfsdk:"handler"`
	Runtime            types.String   `tfsdk:"runtime"`
	PackageType        types.String   `tfsdk:"package_type"`
	Description        types.String   `tfsdk:"description"`
	MemorySize         types.Int64    `tfsdk:"memory_size"`
	Timeout            types.Int64    `tfsdk:"timeout"`
	Architectures      types.List     `tfsdk:"architectures"`
	KMSKeyARN          types.String   `tfsdk:"kms_key_arn"`
	Layers             types.List     `tfsdk:"layers"`
	Publish            types.Bool     `tfsdk:"publish"`
	Tags               types.Map      `tfsdk:"tags"`
	TagsAll            types.Map      `tfsdk:"tags_all"`
	Filename           types.String   `tfsdk:"filename"`
	S3Bucket           types.String   `tfsdk:"s3_bucket"`
	S3Key              types.String   `tfsdk:"s3_key"`
	S3ObjectVersion    types.String   `tfsdk:"s3_object_version"`
	ImageURI           types.String   `tfsdk:"image_uri"`
	SourceCodeHash     types.String   `tfsdk:"source_code_hash"`
	CodeSha256         types.String   `tfsdk:"code_sha256"`
	ARN                types.String   `tfsdk:"arn"`
	InvokeARN          types.String   `tfsdk:"invoke_arn"`
	QualifiedARN       types.String   `tfsdk:"qualified_arn"`
	QualifiedInvokeARN types.String   `tfsdk:"qualified_invoke_arn"`
	Version            types.String   `tfsdk:"version"`
	LastModified       types.String   `tfsdk:"last_modified"`
	RevisionID         types.String   `tfsdk:"revision_id"`
	State              types.String   `tfsdk:"state"`
	CodeSize           types.Int64    `tfsdk:"code_size"`
	SourceCodeSize     types.Int64    `tfsdk:"source_code_size"`
	Environment        types.List     `tfsdk:"environment"`
	EphemeralStorage   types.List     `tfsdk:"ephemeral_storage"`
	DeadLetterConfig   types.List     `tfsdk:"dead_letter_config"`
	TracingConfig      types.List     `tfsdk:"tracing_config"`
	VPCConfig          types.List     `tfsdk:"vpc_config"`
	LoggingConfig      types.List     `tfsdk:"logging_config"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

type environmentModel struct {
	Variables types.Map `tfsdk:"variables"`
}

type ephemeralStorageModel struct {
	Size types.Int64 `tfsdk:"size"`
}

type deadLetterConfigModel struct {
	TargetARN types.String `tfsdk:"target_arn"`
}

type tracingConfigModel struct {
	Mode types.String `tfsdk:"mode"`
}

type vpcConfigModel struct {
	SubnetIDs               types.Set    `tfsdk:"subnet_ids"`
	SecurityGroupIDs        types.Set    `tfsdk:"security_group_ids"`
	IPv6AllowedForDualStack types.Bool   `tfsdk:"ipv6_allowed_for_dual_stack"`
	VPCID                   types.String `tfsdk:"vpc_id"`
}

type loggingConfigModel struct {
	LogFormat           types.String `tfsdk:"log_format"`
	LogGroup            types.String `tfsdk:"log_group"`
	ApplicationLogLevel types.String `tfsdk:"application_log_level"`
	SystemLogLevel      types.String `tfsdk:"system_log_level"`
}

var stringMap = types.MapType{ElemType: types.StringType}
var stringSet = types.SetType{ElemType: types.StringType}

// Element types of the blocks, needed to build their list values.
var (
	environmentType      = types.ObjectType{AttrTypes: map[string]attr.Type{"variables": stringMap}}
	ephemeralStorageType = types.ObjectType{AttrTypes: map[string]attr.Type{"size": types.Int64Type}}
	deadLetterConfigType = types.ObjectType{AttrTypes: map[string]attr.Type{"target_arn": types.StringType}}
	tracingConfigType    = types.ObjectType{AttrTypes: map[string]attr.Type{"mode": types.StringType}}
	vpcConfigType        = types.ObjectType{AttrTypes: map[string]attr.Type{
		"subnet_ids": stringSet, "security_group_ids": stringSet,
		"ipv6_allowed_for_dual_stack": types.BoolType, "vpc_id": types.StringType,
	}}
	loggingConfigType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"log_format": types.StringType, "log_group": types.StringType,
		"application_log_level": types.StringType, "system_log_level": types.StringType,
	}}
)

// firstBlock decodes the single element of a block list; ok is false when
// the block is absent (or not known yet).
func firstBlock[T any](ctx context.Context, l types.List) (T, bool, diag.Diagnostics) {
	var zero T
	if l.IsNull() || l.IsUnknown() || len(l.Elements()) == 0 {
		return zero, false, nil
	}
	var items []T
	diags := l.ElementsAs(ctx, &items, false)
	if diags.HasError() || len(items) == 0 {
		return zero, false, diags
	}
	return items[0], true, diags
}

// blockList encodes an optional single block: absent blocks are an empty
// list, never null, which is how Terraform represents unwritten list blocks.
func blockList[T any](ctx context.Context, t types.ObjectType, item *T) (types.List, diag.Diagnostics) {
	if item == nil {
		return types.ListValueMust(t, []attr.Value{}), nil
	}
	return types.ListValueFrom(ctx, t, []T{*item})
}

func hasBlock(l types.List) bool {
	return !l.IsNull() && !l.IsUnknown() && len(l.Elements()) > 0
}

func stringsOf(ctx context.Context, v interface {
	ElementsAs(context.Context, any, bool) diag.Diagnostics
	IsNull() bool
	IsUnknown() bool
}, diags *diag.Diagnostics) []string {
	out := []string{}
	if v.IsNull() || v.IsUnknown() {
		return out
	}
	diags.Append(v.ElementsAs(ctx, &out, false)...)
	return out
}

func mapOf(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	out := map[string]string{}
	if m.IsNull() || m.IsUnknown() {
		return out
	}
	diags.Append(m.ElementsAs(ctx, &out, false)...)
	return out
}
