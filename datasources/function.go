// Package datasources implements the provider's data sources.
package datasources

import (
	"context"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

var _ datasource.DataSourceWithConfigure = &FunctionDataSource{}

// functionRefRe accepts a function name, a partial ARN or a full ARN, as
// GetFunction does.
var functionRefRe = regexp.MustCompile(`^(arn:[\w-]+:lambda:)?([a-z]{2}(-[a-z]+)+-\d:)?(\d{12}:)?(function:)?[a-zA-Z0-9_-]+(:(\$LATEST|[a-zA-Z0-9_-]+))?$`)

// NewFunctionDataSource returns the lambda_function data source.
func NewFunctionDataSource() datasource.DataSource {
	return &FunctionDataSource{}
}

// FunctionDataSource is the lambda_function data source.
type FunctionDataSource struct {
	client *conn.Client
}

type functionDataModel struct {
	ID                 types.String `tfsdk:"id"`
	FunctionName       types.String `tfsdk:"function_name"`
	Qualifier          types.String `tfsdk:"qualifier"`
	ARN                types.String `tfsdk:"arn"`
	QualifiedARN       types.String `tfsdk:"qualified_arn"`
	InvokeARN          types.String `tfsdk:"invoke_arn"`
	QualifiedInvokeARN types.String `tfsdk:"qualified_invoke_arn"`
	Version            types.String `tfsdk:"version"`
	Role               types.String `tfsdk:"role"`
	Handler            types.String `tfsdk:"handler"`
	Runtime            types.String `tfsdk:"runtime"`
	PackageType        types.String `tfsdk:"package_type"`
	Description        types.String `tfsdk:"description"`
	MemorySize         types.Int64  `tfsdk:"memory_size"`
	Timeout            types.Int64  `tfsdk:"timeout"`
	Architectures      types.List   `tfsdk:"architectures"`
	Layers             types.List   `tfsdk:"layers"`
	KMSKeyARN          types.String `tfsdk:"kms_key_arn"`
	CodeSha256         types.String `tfsdk:"code_sha256"`
	SourceCodeHash     types.String `tfsdk:"source_code_hash"`
	CodeSize           types.Int64  `tfsdk:"code_size"`
	SourceCodeSize     types.Int64  `tfsdk:"source_code_size"`
	ImageURI           types.String `tfsdk:"image_uri"`
	LastModified       types.String `tfsdk:"last_modified"`
	RevisionID         types.String `tfsdk:"revision_id"`
	State              types.String `tfsdk:"state"`
	Tags               types.Map    `tfsdk:"tags"`
	Environment        types.List   `tfsdk:"environment"`
	EphemeralStorage   types.List   `tfsdk:"ephemeral_storage"`
	TracingConfig      types.List   `tfsdk:"tracing_config"`
	DeadLetterConfig   types.List   `tfsdk:"dead_letter_config"`
	LoggingConfig      types.List   `tfsdk:"logging_config"`
	VPCConfig          types.List   `tfsdk:"vpc_config"`
}

func (d *FunctionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_function"
}

func (d *FunctionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"function_name": schema.StringAttribute{
			Required:    true,
			Description: "Name or ARN of the function.",
			Validators: []validator.String{
				stringvalidator.LengthBetween(1, 140),
				stringvalidator.RegexMatches(functionRefRe, "must be a function name or ARN"),
			},
		},
		"qualifier": schema.StringAttribute{
			Optional:    true,
			Description: "Version number or alias to read. Without it the unpublished $LATEST configuration is read, and version/qualified_arn name the latest published version.",
			Validators:  []validator.String{stringvalidator.LengthBetween(1, 128)},
		},
	}
	for k, v := range computedFunctionAttributes() {
		attrs[k] = v
	}
	resp.Schema = schema.Schema{
		Description: "Reads a function from AWS Lambda or a Lambdaform engine.",
		Attributes:  attrs,
	}
}

func (d *FunctionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *FunctionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m functionDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, qualifier := m.FunctionName.ValueString(), m.Qualifier.ValueString()
	out, err := lambdaapi.FindFunction(ctx, d.client.Lambda, name, qualifier)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read function "+name, err.Error())
		return
	}
	version := aws.ToString(out.Configuration.Version)
	if qualifier == "" {
		// $LATEST was read; report the latest published version like the
		// AWS provider does, so qualified_arn can feed aliases and triggers.
		if version, err = lambdaapi.LatestVersion(ctx, d.client.Lambda, name); err != nil {
			resp.Diagnostics.AddError("Cannot read versions of function "+name, err.Error())
			return
		}
	}
	resp.Diagnostics.Append(flattenFunctionData(ctx, out, version, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
