// Package provider implements the lambda provider: its schema, the choice of
// backend (AWS or a Lambdaform engine) and the construction of the one Lambda
// API client every resource and data source shares.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/datasources"
	"github.com/lambdaform/terraform-provider-lambda/provider/pluginproc"
	"github.com/lambdaform/terraform-provider-lambda/resources"
)

var _ provider.Provider = &LambdaProvider{}

// New returns a constructor for the provider, as providerserver expects.
// In a process the CLI started as a plugin it also tunes the process (see
// package pluginproc).
func New(version string) func() provider.Provider {
	pluginproc.Tune()
	return func() provider.Provider {
		return &LambdaProvider{version: version}
	}
}

// LambdaProvider is the lambda provider.
type LambdaProvider struct {
	version string
}

// providerModel is the provider block.
type providerModel struct {
	Backend                types.String       `tfsdk:"backend"`
	Endpoint               types.String       `tfsdk:"endpoint"`
	Region                 types.String       `tfsdk:"region"`
	Profile                types.String       `tfsdk:"profile"`
	SharedConfigFiles      types.List         `tfsdk:"shared_config_files"`
	SharedCredentialsFiles types.List         `tfsdk:"shared_credentials_files"`
	AccessKey              types.String       `tfsdk:"access_key"`
	SecretKey              types.String       `tfsdk:"secret_key"`
	Token                  types.String       `tfsdk:"token"`
	MaxRetries             types.Int64        `tfsdk:"max_retries"`
	AssumeRole             []assumeRoleModel  `tfsdk:"assume_role"`
	DefaultTags            []defaultTagsModel `tfsdk:"default_tags"`
	Local                  []localModel       `tfsdk:"local"`
}

type assumeRoleModel struct {
	RoleARN     types.String `tfsdk:"role_arn"`
	SessionName types.String `tfsdk:"session_name"`
	ExternalID  types.String `tfsdk:"external_id"`
	Duration    types.String `tfsdk:"duration"`
}

type defaultTagsModel struct {
	Tags types.Map `tfsdk:"tags"`
}

func (p *LambdaProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "lambda"
	resp.Version = p.version
}

func (p *LambdaProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

func (p *LambdaProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, diags := resolveSettings(ctx, m, lookupEnv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := newClient(ctx, s)
	if err != nil {
		resp.Diagnostics.AddError(clientErrorSummary(s), err.Error())
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
}

func (p *LambdaProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		resources.NewFunctionResource,
		resources.NewInvocationResource,
		resources.NewFunctionVersionResource,
		resources.NewAliasResource,
		resources.NewPermissionResource,
		resources.NewFunctionEventInvokeConfigResource,
		resources.NewEventSourceMappingResource,
		resources.NewFunctionConcurrencyResource,
		resources.NewProvisionedConcurrencyConfigResource,
	}
}

func (p *LambdaProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		datasources.NewFunctionDataSource,
		datasources.NewInvocationDataSource,
		datasources.NewAliasDataSource,
		datasources.NewFunctionMetricsDataSource,
	}
}
