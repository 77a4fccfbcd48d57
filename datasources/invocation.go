package datasources

import (
	"context"
	"encoding/base64"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
	"github.com/lambdaform/terraform-provider-lambda/internal/validators"
)

var _ datasource.DataSourceWithConfigure = &InvocationDataSource{}

// maxClientContext is AWS's limit on the decoded X-Amz-Client-Context.
const maxClientContext = 3583

// NewInvocationDataSource returns the lambda_invocation data source.
func NewInvocationDataSource() datasource.DataSource {
	return &InvocationDataSource{}
}

// InvocationDataSource is the lambda_invocation data source.
type InvocationDataSource struct {
	client *conn.Client
}

type invocationDataModel struct {
	FunctionName    types.String `tfsdk:"function_name"`
	Input           types.String `tfsdk:"input"`
	Qualifier       types.String `tfsdk:"qualifier"`
	ClientContext   types.String `tfsdk:"client_context"`
	IncludeLog      types.Bool   `tfsdk:"include_log"`
	Result          types.String `tfsdk:"result"`
	ExecutedVersion types.String `tfsdk:"executed_version"`
	LogResult       types.String `tfsdk:"log_result"`
}

func (d *InvocationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invocation"
}

func (d *InvocationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Invokes a function synchronously (`RequestResponse`) and returns its response, like the " +
			"`aws_lambda_invocation` data source.\n\n" +
			"~> **The function runs on every plan, refresh and apply**, because Terraform and OpenTofu read data sources " +
			"each time they evaluate the configuration " +
			"(hashicorp/terraform-provider-aws#41051). Use it only for functions without side effects, such as lookups. " +
			"To run a function once, or on create/update/destroy, use the `lambda_invocation` resource.\n\n" +
			"Each read sends exactly one request: the SDK's retries are disabled for Invoke. A function error " +
			"(an unhandled exception, a timeout) fails the read with the `errorType` and `errorMessage` the function " +
			"reported and the tail of its log.",
		Attributes: map[string]schema.Attribute{
			"function_name": schema.StringAttribute{
				Required:    true,
				Description: "Name or ARN of the function to invoke. A qualified ARN names the version or alias too.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 140),
					stringvalidator.RegexMatches(functionRefRe, "must be a function name or ARN"),
				},
			},
			"input": schema.StringAttribute{
				Required:    true,
				Description: "The event, a JSON document (for example from `jsonencode`).",
				Validators:  []validator.String{validators.JSON()},
			},
			"qualifier": schema.StringAttribute{
				Optional:    true,
				Description: "Version number or alias to invoke. Without it, $LATEST (or the version a qualified ARN names) runs.",
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
			"client_context": schema.StringAttribute{
				Optional: true,
				Description: "A JSON object passed to the function as its client context (`context.client_context` in Python, " +
					"`context.clientContext` in Node.js), usually with `client`, `custom` and `env` keys. At most 3583 bytes; " +
					"it is sent base64-encoded in X-Amz-Client-Context.",
				Validators: []validator.String{
					validators.JSONObject(),
					stringvalidator.LengthAtMost(maxClientContext),
				},
			},
			"include_log": schema.BoolAttribute{
				Optional:    true,
				Description: "When true, `log_result` holds the last 4 KB of the invocation's log.",
			},
			"result": schema.StringAttribute{
				Computed:    true,
				Description: "The function's response payload, as a string (use `jsondecode` to read fields).",
			},
			"executed_version": schema.StringAttribute{
				Computed:    true,
				Description: "The version of the function that ran, as reported in `X-Amz-Executed-Version`.",
			},
			"log_result": schema.StringAttribute{
				Computed:    true,
				Description: "The decoded tail of the invocation's log (X-Amz-Log-Result) when `include_log` is true; null otherwise.",
			},
		},
	}
}

func (d *InvocationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *InvocationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m invocationDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := m.FunctionName.ValueString()
	var clientContext string
	if !m.ClientContext.IsNull() {
		clientContext = base64.StdEncoding.EncodeToString([]byte(m.ClientContext.ValueString()))
	}
	out, err := lambdaapi.InvokeOnce(ctx, d.client.Lambda, lambdaapi.InvokeParams{
		FunctionName:  name,
		Qualifier:     m.Qualifier.ValueString(),
		ClientContext: clientContext,
		Payload:       []byte(m.Input.ValueString()),
	})
	if err != nil {
		resp.Diagnostics.AddError("Invoking function "+name+" failed", err.Error())
		return
	}
	m.Result = types.StringValue(out.Payload)
	m.ExecutedVersion = types.StringValue(out.ExecutedVersion)
	m.LogResult = types.StringNull()
	if m.IncludeLog.ValueBool() {
		m.LogResult = types.StringValue(out.LogTail)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
