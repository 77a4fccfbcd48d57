package resources

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
	"github.com/lambdaform/terraform-provider-lambda/internal/wait"
)

var (
	_ resource.ResourceWithConfigure   = &ProvisionedConcurrencyConfigResource{}
	_ resource.ResourceWithImportState = &ProvisionedConcurrencyConfigResource{}
)

// NewProvisionedConcurrencyConfigResource returns the
// lambda_provisioned_concurrency_config resource.
func NewProvisionedConcurrencyConfigResource() resource.Resource {
	return &ProvisionedConcurrencyConfigResource{}
}

// ProvisionedConcurrencyConfigResource is the
// lambda_provisioned_concurrency_config resource.
type ProvisionedConcurrencyConfigResource struct {
	client *conn.Client
}

func (r *ProvisionedConcurrencyConfigResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_provisioned_concurrency_config"
}

func (r *ProvisionedConcurrencyConfigResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = provisionedConcurrencySchema(ctx)
}

func (r *ProvisionedConcurrencyConfigResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *ProvisionedConcurrencyConfigResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan provisionedConcurrencyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultProvisionedTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r.put(ctx, plan, &resp.State, &resp.Diagnostics)
}

func (r *ProvisionedConcurrencyConfigResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan provisionedConcurrencyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultProvisionedTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r.put(ctx, plan, &resp.State, &resp.Diagnostics)
}

// put writes the configuration, waits until it is READY and records it.
// The state is saved before waiting, so a failed wait still leaves the
// configuration tracked (and a later plan can fix or destroy it).
func (r *ProvisionedConcurrencyConfigResource) put(ctx context.Context, plan provisionedConcurrencyModel, state *tfsdk.State, diags *diag.Diagnostics) {
	function, qualifier := plan.FunctionName.ValueString(), plan.Qualifier.ValueString()
	_, err := r.client.Lambda.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String(function), Qualifier: aws.String(qualifier),
		ProvisionedConcurrentExecutions: aws.Int32(int32(plan.ProvisionedConcurrentExecutions.ValueInt64())), //nolint:gosec // validated to fit
	})
	if err != nil {
		diags.AddError(fmt.Sprintf("Cannot put provisioned concurrency on %s:%s", function, qualifier), err.Error())
		return
	}
	plan.ID = types.StringValue(provisionedID(function, qualifier))
	diags.Append(state.Set(ctx, plan)...)
	if err := waitProvisionedReady(ctx, r.client.Lambda, function, qualifier); err != nil {
		diags.AddError(fmt.Sprintf("Provisioned concurrency on %s:%s did not become READY", function, qualifier), err.Error())
	}
}

// waitProvisionedReady polls from milliseconds (the local engine is ready
// almost at once) up to seconds (AWS takes minutes).
func waitProvisionedReady(ctx context.Context, c *lambda.Client, function, qualifier string) error {
	return wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		out, err := c.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(function), Qualifier: aws.String(qualifier),
		})
		if err != nil {
			return false, "", err
		}
		switch out.Status {
		case lambdatypes.ProvisionedConcurrencyStatusEnumReady:
			return true, string(out.Status), nil
		case lambdatypes.ProvisionedConcurrencyStatusEnumFailed:
			return false, "", fmt.Errorf("status FAILED: %s", aws.ToString(out.StatusReason))
		}
		return false, fmt.Sprintf("%s, %d of %d allocated", out.Status,
			aws.ToInt32(out.AllocatedProvisionedConcurrentExecutions), aws.ToInt32(out.RequestedProvisionedConcurrentExecutions)), nil
	})
}

// Read records the requested concurrency: what the configuration asks for,
// which the allocated count only reaches once READY.
func (r *ProvisionedConcurrencyConfigResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state provisionedConcurrencyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	function, qualifier := state.FunctionName.ValueString(), state.Qualifier.ValueString()
	out, err := r.client.Lambda.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
		FunctionName: aws.String(function), Qualifier: aws.String(qualifier),
	})
	if isProvisionedNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read provisioned concurrency of %s:%s", function, qualifier), err.Error())
		return
	}
	state.ID = types.StringValue(provisionedID(function, qualifier))
	state.ProvisionedConcurrentExecutions = types.Int64Value(int64(aws.ToInt32(out.RequestedProvisionedConcurrentExecutions)))
	if state.SkipDestroy.IsNull() {
		state.SkipDestroy = types.BoolValue(false) // imported
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *ProvisionedConcurrencyConfigResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state provisionedConcurrencyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.SkipDestroy.ValueBool() {
		return
	}
	function, qualifier := state.FunctionName.ValueString(), state.Qualifier.ValueString()
	_, err := r.client.Lambda.DeleteProvisionedConcurrencyConfig(ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
		FunctionName: aws.String(function), Qualifier: aws.String(qualifier),
	})
	if err != nil && !isProvisionedNotFound(err) {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot delete provisioned concurrency of %s:%s", function, qualifier), err.Error())
	}
}

// ImportState takes FUNCTION_NAME,QUALIFIER, as aws_lambda_provisioned_concurrency_config.
func (r *ProvisionedConcurrencyConfigResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	function, qualifier, ok := strings.Cut(req.ID, ",")
	if !ok || function == "" || qualifier == "" || strings.Contains(qualifier, ",") {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%q: want FUNCTION_NAME,QUALIFIER", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("function_name"), function)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("qualifier"), qualifier)...)
}

func provisionedID(function, qualifier string) string {
	return lambdaapi.FunctionName(function) + "," + qualifier
}

// isProvisionedNotFound: the configuration, or the function, version or
// alias it belonged to, is gone.
func isProvisionedNotFound(err error) bool {
	var nf *lambdatypes.ProvisionedConcurrencyConfigNotFoundException
	return errors.As(err, &nf) || lambdaapi.IsNotFound(err)
}
