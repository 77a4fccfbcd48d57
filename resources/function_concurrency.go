package resources

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

var (
	_ resource.ResourceWithConfigure   = &FunctionConcurrencyResource{}
	_ resource.ResourceWithImportState = &FunctionConcurrencyResource{}
)

// NewFunctionConcurrencyResource returns the lambda_function_concurrency
// resource.
func NewFunctionConcurrencyResource() resource.Resource {
	return &FunctionConcurrencyResource{}
}

// FunctionConcurrencyResource is the lambda_function_concurrency resource:
// a function's reserved concurrency as a resource of its own, so that "no
// reservation" is the resource's absence rather than a -1 sentinel.
type FunctionConcurrencyResource struct {
	client *conn.Client
}

type functionConcurrencyModel struct {
	ID                           types.String `tfsdk:"id"`
	FunctionName                 types.String `tfsdk:"function_name"`
	ReservedConcurrentExecutions types.Int64  `tfsdk:"reserved_concurrent_executions"`
}

func (r *FunctionConcurrencyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_function_concurrency"
}

func (r *FunctionConcurrencyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reserves concurrency for a function (PutFunctionConcurrency): at most that many of its " +
			"invocations run at once, and that many are set aside from the account's concurrency for it alone. " +
			"Invocations beyond it are throttled (`TooManyRequestsException`); `0` throttles every invocation.\n\n" +
			"`aws_lambda_function` models this as `reserved_concurrent_executions` with `-1` for \"unreserved\", a " +
			"sentinel that grew out of 0 and \"unset\" being confused. Here the reservation is its own resource: " +
			"without it the function draws on the unreserved pool, and destroying it (DeleteFunctionConcurrency) " +
			"returns the function there.\n\n" +
			"The account keeps a minimum unreserved: 100 on AWS; on the local engine min(100, a tenth of its " +
			"`--concurrency-limit`, rounded up).\n\n" +
			"Import with the function name.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The bare function name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"function_name": schema.StringAttribute{
				Required: true,
				Description: "Name or ARN of the function (unqualified), kept as written. Another function replaces " +
					"the reservation; a name and an ARN of the same function do not.",
				PlanModifiers: []planmodifier.String{replaceUnlessSameFunction()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 140),
					stringvalidator.RegexMatches(unqualifiedFunctionRefRe, "must be a function name or an unqualified function ARN"),
				},
			},
			"reserved_concurrent_executions": schema.Int64Attribute{
				Required:    true,
				Description: "How many invocations of the function may run at once; 0 throttles them all.",
				Validators:  []validator.Int64{int64validator.Between(0, maxInt32)},
			},
		},
	}
}

func (r *FunctionConcurrencyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *FunctionConcurrencyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan functionConcurrencyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.put(ctx, plan, &resp.State, &resp.Diagnostics)
}

func (r *FunctionConcurrencyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state functionConcurrencyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	out, err := r.client.Lambda.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{
		FunctionName: aws.String(state.FunctionName.ValueString()),
	})
	if lambdaapi.IsNotFound(err) || (err == nil && out.ReservedConcurrentExecutions == nil) {
		// The function or its reservation is gone: plan to create it.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read reserved concurrency of "+state.FunctionName.ValueString(), err.Error())
		return
	}
	state.ID = types.StringValue(lambdaapi.FunctionName(state.FunctionName.ValueString()))
	state.ReservedConcurrentExecutions = types.Int64Value(int64(aws.ToInt32(out.ReservedConcurrentExecutions)))
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *FunctionConcurrencyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan functionConcurrencyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.put(ctx, plan, &resp.State, &resp.Diagnostics)
}

func (r *FunctionConcurrencyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state functionConcurrencyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, err := r.client.Lambda.DeleteFunctionConcurrency(ctx, &lambda.DeleteFunctionConcurrencyInput{
		FunctionName: aws.String(state.FunctionName.ValueString()),
	})
	if err != nil && !lambdaapi.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot remove reserved concurrency of "+state.FunctionName.ValueString(), err.Error())
	}
}

// ImportState takes the function name (or unqualified ARN).
func (r *FunctionConcurrencyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("function_name"), req.ID)...)
}

// put sets the reservation and records what the backend answered.
func (r *FunctionConcurrencyResource) put(ctx context.Context, plan functionConcurrencyModel, state *tfsdk.State, diags *diag.Diagnostics) {
	n := plan.ReservedConcurrentExecutions.ValueInt64() // validated to fit an int32
	out, err := r.client.Lambda.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
		FunctionName:                 aws.String(plan.FunctionName.ValueString()),
		ReservedConcurrentExecutions: aws.Int32(int32(n)), //nolint:gosec // validated to fit

	})
	if err != nil {
		diags.AddError("Cannot reserve concurrency for "+plan.FunctionName.ValueString(), err.Error())
		return
	}
	plan.ID = types.StringValue(lambdaapi.FunctionName(plan.FunctionName.ValueString()))
	plan.ReservedConcurrentExecutions = types.Int64Value(int64(aws.ToInt32(out.ReservedConcurrentExecutions)))
	diags.Append(state.Set(ctx, plan)...)
}

// maxInt32 bounds the Int64 attributes sent as the API's int32 members.
const maxInt32 = 1<<31 - 1
