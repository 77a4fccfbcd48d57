package datasources

import (
	"context"
	"fmt"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

var _ datasource.DataSourceWithConfigure = &AliasDataSource{}

var (
	// unqualifiedFunctionRefRe accepts a function name, partial ARN or
	// full ARN without a version or alias suffix.
	unqualifiedFunctionRefRe = regexp.MustCompile(`^(arn:[\w-]+:lambda:)?([a-z]{2}(-[a-z]+)+-\d:)?(\d{12}:)?(function:)?[a-zA-Z0-9_-]+$`)
	aliasNameRe              = regexp.MustCompile(`^[0-9]*[a-zA-Z_-][a-zA-Z0-9_-]*$`)
)

// NewAliasDataSource returns the lambda_alias data source.
func NewAliasDataSource() datasource.DataSource {
	return &AliasDataSource{}
}

// AliasDataSource is the lambda_alias data source.
type AliasDataSource struct {
	client *conn.Client
}

type aliasDataModel struct {
	ID                       types.String `tfsdk:"id"`
	FunctionName             types.String `tfsdk:"function_name"`
	Name                     types.String `tfsdk:"name"`
	FunctionVersion          types.String `tfsdk:"function_version"`
	Description              types.String `tfsdk:"description"`
	AdditionalVersionWeights types.Map    `tfsdk:"additional_version_weights"`
	ARN                      types.String `tfsdk:"arn"`
	InvokeARN                types.String `tfsdk:"invoke_arn"`
	RevisionID               types.String `tfsdk:"revision_id"`
}

func (d *AliasDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alias"
}

func (d *AliasDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads an alias of a function: the version it points to and how its traffic is split.",
		Attributes: map[string]schema.Attribute{
			"function_name": schema.StringAttribute{
				Required:    true,
				Description: "Name or ARN (without a qualifier) of the function.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 140),
					stringvalidator.RegexMatches(unqualifiedFunctionRefRe, "must be a function name or an unqualified function ARN"),
				},
			},
			"name": schema.StringAttribute{
				Required:    true,
				Description: "Name of the alias.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 128),
					stringvalidator.RegexMatches(aliasNameRe, "must be an alias name (not a version number)"),
				},
			},
			"id":               str("`FUNCTION_NAME/ALIAS`, with the bare function name."),
			"function_version": str("The version the alias points to."),
			"description":      str("Description of the alias."),
			"additional_version_weights": schema.MapAttribute{
				Computed:    true,
				ElementType: types.Float64Type,
				Description: "The additional version receiving part of the traffic and its fraction (empty when the alias does not split traffic).",
			},
			"arn":         str("ARN of the alias."),
			"invoke_arn":  str("API Gateway invoke ARN of the alias."),
			"revision_id": str("Revision of the alias."),
		},
	}
}

func (d *AliasDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *AliasDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m aliasDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	function, name := m.FunctionName.ValueString(), m.Name.ValueString()
	out, err := lambdaapi.FindAlias(ctx, d.client.Lambda, function, name)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read alias %s of function %s", name, function), err.Error())
		return
	}
	weights := map[string]attr.Value{}
	if out.RoutingConfig != nil {
		for v, w := range out.RoutingConfig.AdditionalVersionWeights {
			weights[v] = types.Float64Value(w)
		}
	}
	arn := aws.ToString(out.AliasArn)
	m.ID = types.StringValue(lambdaapi.FunctionName(function) + "/" + aws.ToString(out.Name))
	m.FunctionVersion = types.StringValue(aws.ToString(out.FunctionVersion))
	m.Description = types.StringValue(aws.ToString(out.Description))
	m.AdditionalVersionWeights = types.MapValueMust(types.Float64Type, weights)
	m.ARN = types.StringValue(arn)
	m.InvokeARN = types.StringValue(lambdaapi.InvokeARN(arn))
	m.RevisionID = types.StringValue(aws.ToString(out.RevisionId))
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
