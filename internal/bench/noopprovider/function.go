package main

import (
	"context"
	"math/big"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ resource.Resource = (*function)(nil)

// function is noop_function: lambda_function's schema (the same attributes
// and blocks with the same types and flags, defaults, validators and plan
// modifiers of the same kinds) with none of its code: no API calls, no
// ModifyPlan, no ValidateConfig. Applying N of them next to N noop_thing
// separates what OpenTofu and the framework spend on a schema of that size
// from what lambda_function's own code and the engine add.
//
// The schema is a copy rather than lambda_function's own so that this binary
// does not link the provider (the AWS SDK, the engine): their start-up would
// slow every noop_thing process too, and noop_thing is the floor.
// TestFunctionSchemaMatchesLambda keeps the copy in step.
type function struct{}

func newFunction() resource.Resource { return &function{} }

func (f *function) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_function"
}

func (f *function) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: functionAttributes(), Blocks: functionBlocks(ctx)}
}

// Create stores the plan with every value left unknown made known, as any
// apply must.
func (f *function) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = known(req.Plan.Raw, &resp.Diagnostics)
}

func (f *function) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (f *function) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = known(req.Plan.Raw, &resp.Diagnostics)
}

func (f *function) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// known replaces every unknown in v by a value of its type: a placeholder
// string, 0, false, or null for collections and objects.
func known(v tftypes.Value, diags *diag.Diagnostics) tftypes.Value {
	out, err := tftypes.Transform(v, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		switch t := v.Type(); {
		case t.Is(tftypes.String):
			return tftypes.NewValue(t, "noop"), nil
		case t.Is(tftypes.Number):
			return tftypes.NewValue(t, big.NewFloat(0)), nil
		case t.Is(tftypes.Bool):
			return tftypes.NewValue(t, false), nil
		default:
			return tftypes.NewValue(t, nil), nil
		}
	})
	if err != nil {
		diags.AddError("Cannot make the plan known", err.Error())
		return v
	}
	return out
}

func optionalString(validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Validators: validators}
}

func computedString() schema.StringAttribute {
	return schema.StringAttribute{Computed: true,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

func computedInt64() schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true,
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
}

func oneOf(values ...string) validator.String { return stringvalidator.OneOf(values...) }

func arn() validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$`), "must be an ARN")
}

// functionAttributes mirrors resources.functionAttributes, codeAttributes
// and computedAttributes. Enumerations are abridged: a validator's cost
// hardly depends on the length of its list.
func functionAttributes() map[string]schema.Attribute {
	also := func(name string) []validator.String {
		return []validator.String{stringvalidator.AlsoRequires(path.MatchRoot(name))}
	}
	return map[string]schema.Attribute{
		"id": computedString(),
		"function_name": schema.StringAttribute{Required: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			Validators: []validator.String{stringvalidator.LengthBetween(1, 64),
				stringvalidator.RegexMatches(regexp.MustCompile(`^[a-zA-Z0-9_-]+$`), "letters, digits, hyphens, underscores")}},
		"role": schema.StringAttribute{Required: true, Validators: []validator.String{
			stringvalidator.RegexMatches(regexp.MustCompile(`^arn:aws[a-zA-Z-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-/]+$`), "must be an IAM role ARN")}},
		"handler": optionalString(stringvalidator.LengthBetween(1, 128)),
		"runtime": optionalString(oneOf("nodejs20.x", "nodejs22.x", "python3.12", "python3.13", "java21", "provided.al2023")),
		"package_type": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("Zip"),
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			Validators:    []validator.String{oneOf("Zip", "Image")}},
		"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
			Validators: []validator.String{stringvalidator.LengthAtMost(256)}},
		"memory_size": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(128),
			Validators: []validator.Int64{int64validator.Between(128, 10240)}},
		"timeout": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(3),
			Validators: []validator.Int64{int64validator.Between(1, 900)}},
		"architectures": schema.ListAttribute{Optional: true, Computed: true, ElementType: types.StringType,
			Default: listdefault.StaticValue(types.ListValueMust(types.StringType, []attr.Value{types.StringValue("x86_64")})),
			Validators: []validator.List{listvalidator.SizeBetween(1, 1),
				listvalidator.ValueStringsAre(oneOf("x86_64", "arm64"))}},
		"kms_key_arn": optionalString(arn()),
		"layers": schema.ListAttribute{Optional: true, ElementType: types.StringType,
			Validators: []validator.List{listvalidator.SizeAtMost(5), listvalidator.ValueStringsAre(arn())}},
		"publish":  schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
		"tags":     schema.MapAttribute{Optional: true, ElementType: types.StringType},
		"tags_all": schema.MapAttribute{Computed: true, ElementType: types.StringType},

		"filename":          optionalString(),
		"s3_bucket":         optionalString(also("s3_key")...),
		"s3_key":            optionalString(also("s3_bucket")...),
		"s3_object_version": optionalString(also("s3_bucket")...),
		"image_uri":         optionalString(),
		"source_code_hash":  optionalString(),
		"code_sha256":       schema.StringAttribute{Optional: true, Computed: true},

		"arn":                  computedString(),
		"invoke_arn":           computedString(),
		"qualified_arn":        computedString(),
		"qualified_invoke_arn": computedString(),
		"version":              computedString(),
		"last_modified":        computedString(),
		"revision_id":          computedString(),
		"state":                computedString(),
		"code_size":            computedInt64(),
		"source_code_size":     computedInt64(),
	}
}

// atMostOne is resources.atMostOne: a list block of at most one element.
func atMostOne(attrs map[string]schema.Attribute) schema.ListNestedBlock {
	return schema.ListNestedBlock{
		Validators:   []validator.List{listvalidator.SizeAtMost(1)},
		NestedObject: schema.NestedBlockObject{Attributes: attrs},
	}
}

// functionBlocks mirrors resources.functionBlocks.
func functionBlocks(ctx context.Context) map[string]schema.Block {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return map[string]schema.Block{
		"environment": atMostOne(map[string]schema.Attribute{
			"variables": schema.MapAttribute{Optional: true, ElementType: types.StringType},
		}),
		"ephemeral_storage": atMostOne(map[string]schema.Attribute{
			"size": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(512),
				Validators: []validator.Int64{int64validator.Between(512, 10240)}},
		}),
		"dead_letter_config": atMostOne(map[string]schema.Attribute{
			"target_arn": schema.StringAttribute{Required: true, Validators: []validator.String{arn()}},
		}),
		"tracing_config": atMostOne(map[string]schema.Attribute{
			"mode": schema.StringAttribute{Required: true, Validators: []validator.String{oneOf("Active", "PassThrough")}},
		}),
		"vpc_config": atMostOne(map[string]schema.Attribute{
			"subnet_ids":                  schema.SetAttribute{Required: true, ElementType: types.StringType},
			"security_group_ids":          schema.SetAttribute{Required: true, ElementType: types.StringType},
			"ipv6_allowed_for_dual_stack": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
			"vpc_id":                      schema.StringAttribute{Computed: true, PlanModifiers: keep},
		}),
		"logging_config": atMostOne(map[string]schema.Attribute{
			"log_format": schema.StringAttribute{Required: true, Validators: []validator.String{oneOf("Text", "JSON")}},
			"log_group":  schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keep},
			"application_log_level": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keep,
				Validators: []validator.String{oneOf("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL")}},
			"system_log_level": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keep,
				Validators: []validator.String{oneOf("DEBUG", "INFO", "WARN")}},
		}),
		"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
	}
}
