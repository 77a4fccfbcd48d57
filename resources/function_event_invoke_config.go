package resources

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
	"github.com/lambdaform/terraform-provider-lambda/internal/wait"
)

var (
	_ resource.ResourceWithConfigure   = &FunctionEventInvokeConfigResource{}
	_ resource.ResourceWithImportState = &FunctionEventInvokeConfigResource{}
)

// eventInvokeConfigPropagationTimeout bounds the retries of
// PutFunctionEventInvokeConfig while AWS does not yet see a new destination
// or the execution role's permission to use it (the AWS provider's
// iamPropagationTimeout).
const eventInvokeConfigPropagationTimeout = 2 * time.Minute

// NewFunctionEventInvokeConfigResource returns the
// lambda_function_event_invoke_config resource.
func NewFunctionEventInvokeConfigResource() resource.Resource {
	return &FunctionEventInvokeConfigResource{}
}

// FunctionEventInvokeConfigResource is the
// lambda_function_event_invoke_config resource: the retry, age and
// destination settings of a function's asynchronous invocations.
type FunctionEventInvokeConfigResource struct {
	client *conn.Client
}

func (r *FunctionEventInvokeConfigResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_function_event_invoke_config"
}

func (r *FunctionEventInvokeConfigResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = functionEventInvokeConfigSchema()
}

func (r *FunctionEventInvokeConfigResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *FunctionEventInvokeConfigResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan functionEventInvokeConfigModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.put(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.readInto(ctx, plan, &resp.State, &resp.Diagnostics)
}

func (r *FunctionEventInvokeConfigResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readResource(ctx, req, resp, r.read)
}

// Update puts the complete configuration again: Put replaces every setting,
// so arguments and destinations removed from the configuration are removed
// from the backend. Only a change in the written form of function_name
// needs no call.
func (r *FunctionEventInvokeConfigResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state functionEventInvokeConfigModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if eventInvokeConfigChanged(plan, state) {
		r.put(ctx, plan, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	r.readInto(ctx, plan, &resp.State, &resp.Diagnostics)
}

func (r *FunctionEventInvokeConfigResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state functionEventInvokeConfigModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String(state.FunctionName.ValueString())}
	if q := state.Qualifier; !q.IsNull() && !q.IsUnknown() {
		in.Qualifier = aws.String(q.ValueString())
	}
	_, err := r.client.Lambda.DeleteFunctionEventInvokeConfig(ctx, in)
	if err != nil && !lambdaapi.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot delete the event invoke configuration of "+eventInvokeConfigTarget(state), err.Error())
	}
}

// ImportState takes FUNCTION_NAME, FUNCTION_NAME:QUALIFIER, or the function
// ARN, unqualified or qualified. function_name is imported as written (an
// ARN stays an ARN, without its qualifier), as aws_lambda_function_event_invoke_config does.
func (r *FunctionEventInvokeConfigResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	function, qualifier, ok := parseEventInvokeConfigImportID(req.ID)
	if !ok {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q: want FUNCTION_NAME, FUNCTION_NAME:QUALIFIER, or a function ARN, optionally qualified "+
				"(arn:aws:lambda:REGION:ACCOUNT:function:FUNCTION_NAME[:QUALIFIER])", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("function_name"), function)...)
	if qualifier != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("qualifier"), qualifier)...)
	}
}

func parseEventInvokeConfigImportID(id string) (function, qualifier string, ok bool) {
	_, qualifier = lambdaapi.ParseFunctionRef(id)
	function = id
	if qualifier != "" {
		function = strings.TrimSuffix(id, ":"+qualifier)
	}
	if !unqualifiedFunctionRefRe.MatchString(function) || len(function) > 140 {
		return "", "", false
	}
	if qualifier != "" && !qualifierRe.MatchString(qualifier) {
		return "", "", false
	}
	return function, qualifier, true
}

// eventInvokeConfigID is function_name as written, then :QUALIFIER.
func eventInvokeConfigID(function, qualifier string) string {
	if qualifier == "" {
		return function
	}
	return function + ":" + qualifier
}

func eventInvokeConfigTarget(m functionEventInvokeConfigModel) string {
	return "function " + eventInvokeConfigID(m.FunctionName.ValueString(), m.Qualifier.ValueString())
}

func eventInvokeConfigChanged(plan, state functionEventInvokeConfigModel) bool {
	for _, p := range [][2]attr.Value{
		{plan.MaximumEventAgeInSeconds, state.MaximumEventAgeInSeconds},
		{plan.MaximumRetryAttempts, state.MaximumRetryAttempts},
		{plan.DestinationConfig, state.DestinationConfig},
	} {
		if !p[0].Equal(p[1]) {
			return true
		}
	}
	return false
}

// put sends the complete configuration, retrying while AWS does not yet
// accept a destination that was just created or granted.
func (r *FunctionEventInvokeConfigResource) put(ctx context.Context, m functionEventInvokeConfigModel, diags *diag.Diagnostics) {
	in := putEventInvokeConfigInput(ctx, m, diags)
	if diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, eventInvokeConfigPropagationTimeout)
	defer cancel()
	err := wait.Retry(ctx, wait.Default, func(ctx context.Context) error {
		_, err := r.client.Lambda.PutFunctionEventInvokeConfig(ctx, in)
		return err
	}, isEventInvokeConfigRetryable(r.client.Backend == conn.BackendAWS))
	if err != nil {
		diags.AddError("Cannot configure asynchronous invocation of "+eventInvokeConfigTarget(m), err.Error())
	}
}

// isEventInvokeConfigRetryable is the retry predicate for
// PutFunctionEventInvokeConfig: an update of the function in progress
// always; on AWS also the errors it returns while a new destination or the
// execution role's permission to use it has not propagated yet. Against a
// local engine a destination it rejects stays rejected.
func isEventInvokeConfigRetryable(onAWS bool) func(error) bool {
	return func(err error) bool {
		if lambdaapi.IsUpdateInProgress(err) {
			return true
		}
		var ipv *lambdatypes.InvalidParameterValueException
		if !onAWS || !errors.As(err, &ipv) {
			return false
		}
		msg := ipv.ErrorMessage()
		return strings.Contains(msg, "destination ARN") || strings.Contains(msg, "does not have permissions")
	}
}

func putEventInvokeConfigInput(ctx context.Context, m functionEventInvokeConfigModel, diags *diag.Diagnostics) *lambda.PutFunctionEventInvokeConfigInput {
	in := &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String(m.FunctionName.ValueString())}
	if q := m.Qualifier; !q.IsNull() && !q.IsUnknown() {
		in.Qualifier = aws.String(q.ValueString())
	}
	if v := m.MaximumRetryAttempts; !v.IsNull() && !v.IsUnknown() {
		in.MaximumRetryAttempts = aws.Int32(int32(v.ValueInt64()))
	}
	if v := m.MaximumEventAgeInSeconds; !v.IsNull() && !v.IsUnknown() {
		in.MaximumEventAgeInSeconds = aws.Int32(int32(v.ValueInt64()))
	}
	in.DestinationConfig = expandEventDestinations(ctx, m.DestinationConfig, diags)
	return in
}

// expandEventDestinations returns the destinations to put, nil without any.
func expandEventDestinations(ctx context.Context, l types.List, diags *diag.Diagnostics) *lambdatypes.DestinationConfig {
	block, ok, d := firstBlock[eventDestinationConfigModel](ctx, l)
	diags.Append(d...)
	if !ok {
		return nil
	}
	onFailure, d := eventDestination(ctx, block.OnFailure)
	diags.Append(d...)
	onSuccess, d := eventDestination(ctx, block.OnSuccess)
	diags.Append(d...)
	if onFailure == "" && onSuccess == "" {
		return nil
	}
	out := &lambdatypes.DestinationConfig{}
	if onFailure != "" {
		out.OnFailure = &lambdatypes.OnFailure{Destination: aws.String(onFailure)}
	}
	if onSuccess != "" {
		out.OnSuccess = &lambdatypes.OnSuccess{Destination: aws.String(onSuccess)}
	}
	return out
}

func eventDestination(ctx context.Context, l types.List) (string, diag.Diagnostics) {
	block, ok, d := firstBlock[eventDestinationModel](ctx, l)
	if !ok || block.Destination.IsNull() || block.Destination.IsUnknown() {
		return "", d
	}
	return block.Destination.ValueString(), d
}

// readInto stores the configuration as it is after create or update.
func (r *FunctionEventInvokeConfigResource) readInto(ctx context.Context, plan functionEventInvokeConfigModel, state *tfsdk.State, diags *diag.Diagnostics) {
	m, found, d := r.read(ctx, plan)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	if !found {
		diags.AddError("Event invoke configuration vanished",
			"the event invoke configuration of "+eventInvokeConfigTarget(plan)+" was not found right after it was put")
		return
	}
	diags.Append(state.Set(ctx, m)...)
}

// read fetches the configuration and flattens it over prior; found is false
// when it (or its function, version or alias) no longer exists.
func (r *FunctionEventInvokeConfigResource) read(ctx context.Context, prior functionEventInvokeConfigModel) (functionEventInvokeConfigModel, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String(prior.FunctionName.ValueString())}
	if q := prior.Qualifier; !q.IsNull() && !q.IsUnknown() {
		in.Qualifier = aws.String(q.ValueString())
	}
	out, err := r.client.Lambda.GetFunctionEventInvokeConfig(ctx, in)
	if lambdaapi.IsNotFound(err) {
		return prior, false, diags
	}
	if err != nil {
		diags.AddError("Cannot read the event invoke configuration of "+eventInvokeConfigTarget(prior), err.Error())
		return prior, false, diags
	}
	return flattenEventInvokeConfig(ctx, out, prior, &diags), true, diags
}

func flattenEventInvokeConfig(ctx context.Context, out *lambda.GetFunctionEventInvokeConfigOutput, prior functionEventInvokeConfigModel, diags *diag.Diagnostics) functionEventInvokeConfigModel {
	m := prior
	m.ID = types.StringValue(eventInvokeConfigID(prior.FunctionName.ValueString(), prior.Qualifier.ValueString()))
	// Without MaximumRetryAttempts, Lambda retries twice: the default.
	m.MaximumRetryAttempts = types.Int64Value(defaultEventRetryAttempt)
	if out.MaximumRetryAttempts != nil {
		m.MaximumRetryAttempts = types.Int64Value(int64(*out.MaximumRetryAttempts))
	}
	m.MaximumEventAgeInSeconds = types.Int64Null()
	if out.MaximumEventAgeInSeconds != nil {
		m.MaximumEventAgeInSeconds = types.Int64Value(int64(*out.MaximumEventAgeInSeconds))
	}
	m.DestinationConfig = flattenEventDestinations(ctx, out.DestinationConfig, prior.DestinationConfig, diags)
	return m
}

// flattenEventDestinations reports the backend's destinations. Lambda
// answers {"Destination": null} for an unset one: that is no block. With
// no destination at all, a destination_config block written empty is kept,
// so it does not diff.
func flattenEventDestinations(ctx context.Context, dc *lambdatypes.DestinationConfig, prior types.List, diags *diag.Diagnostics) types.List {
	var onFailure, onSuccess string
	if dc != nil && dc.OnFailure != nil {
		onFailure = aws.ToString(dc.OnFailure.Destination)
	}
	if dc != nil && dc.OnSuccess != nil {
		onSuccess = aws.ToString(dc.OnSuccess.Destination)
	}
	if onFailure == "" && onSuccess == "" {
		block, ok, d := firstBlock[eventDestinationConfigModel](ctx, prior)
		diags.Append(d...)
		if ok && !hasBlock(block.OnFailure) && !hasBlock(block.OnSuccess) {
			return prior
		}
		return types.ListValueMust(eventDestinationConfigType, []attr.Value{})
	}
	failure := eventDestinationList(ctx, onFailure, diags)
	success := eventDestinationList(ctx, onSuccess, diags)
	l, d := blockList(ctx, eventDestinationConfigType, &eventDestinationConfigModel{OnFailure: failure, OnSuccess: success})
	diags.Append(d...)
	return l
}

func eventDestinationList(ctx context.Context, arn string, diags *diag.Diagnostics) types.List {
	if arn == "" {
		return types.ListValueMust(eventDestinationType, []attr.Value{})
	}
	l, d := blockList(ctx, eventDestinationType, &eventDestinationModel{Destination: types.StringValue(arn)})
	diags.Append(d...)
	return l
}
