package resources

import (
	"context"
	"fmt"
	"strings"

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
)

var (
	_ resource.ResourceWithConfigure        = &AliasResource{}
	_ resource.ResourceWithImportState      = &AliasResource{}
	_ resource.ResourceWithConfigValidators = &AliasResource{}
)

// NewAliasResource returns the lambda_alias resource.
func NewAliasResource() resource.Resource {
	return &AliasResource{}
}

// AliasResource is the lambda_alias resource.
type AliasResource struct {
	client *conn.Client
}

func (r *AliasResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alias"
}

func (r *AliasResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = aliasSchema()
}

func (r *AliasResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{aliasRoutingValidator{}}
}

func (r *AliasResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *AliasResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan aliasModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	routing := expandAliasRouting(ctx, plan.RoutingConfig, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	in := &lambda.CreateAliasInput{
		FunctionName:    aws.String(plan.FunctionName.ValueString()),
		Name:            aws.String(plan.Name.ValueString()),
		FunctionVersion: aws.String(plan.FunctionVersion.ValueString()),
		Description:     aws.String(plan.Description.ValueString()),
	}
	if len(routing.AdditionalVersionWeights) > 0 {
		in.RoutingConfig = routing
	}
	if _, err := r.client.Lambda.CreateAlias(ctx, in); err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot create alias %s of function %s", plan.Name.ValueString(), plan.FunctionName.ValueString()), err.Error())
		return
	}
	r.readInto(ctx, plan, &resp.State, &resp.Diagnostics)
}

func (r *AliasResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readResource(ctx, req, resp, r.read)
}

// Update sends the complete alias, routing included: an empty weight map
// clears a traffic split. Only a change in the written form of
// function_name needs no call.
func (r *AliasResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state aliasModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if aliasChanged(plan, state) {
		routing := expandAliasRouting(ctx, plan.RoutingConfig, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		_, err := r.client.Lambda.UpdateAlias(ctx, &lambda.UpdateAliasInput{
			FunctionName:    aws.String(plan.FunctionName.ValueString()),
			Name:            aws.String(plan.Name.ValueString()),
			FunctionVersion: aws.String(plan.FunctionVersion.ValueString()),
			Description:     aws.String(plan.Description.ValueString()),
			RoutingConfig:   routing,
		})
		if err != nil {
			resp.Diagnostics.AddError(fmt.Sprintf("Cannot update alias %s of function %s", plan.Name.ValueString(), plan.FunctionName.ValueString()), err.Error())
			return
		}
	}
	r.readInto(ctx, plan, &resp.State, &resp.Diagnostics)
}

func (r *AliasResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state aliasModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, err := r.client.Lambda.DeleteAlias(ctx, &lambda.DeleteAliasInput{
		FunctionName: aws.String(state.FunctionName.ValueString()),
		Name:         aws.String(state.Name.ValueString()),
	})
	if err != nil && !lambdaapi.IsNotFound(err) {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot delete alias %s of function %s", state.Name.ValueString(), state.FunctionName.ValueString()), err.Error())
	}
}

// ImportState takes FUNCTION_NAME/ALIAS (FUNCTION_NAME may be an ARN) or
// the alias ARN, which imports function_name as the bare name.
func (r *AliasResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	function, alias, ok := parseAliasImportID(req.ID)
	if !ok {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q: want FUNCTION_NAME/ALIAS or an alias ARN (arn:aws:lambda:REGION:ACCOUNT:function:FUNCTION_NAME:ALIAS)", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("function_name"), function)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("name"), alias)...)
}

func parseAliasImportID(id string) (function, alias string, ok bool) {
	if i := strings.LastIndex(id, "/"); i >= 0 {
		function, alias = id[:i], id[i+1:]
		return function, alias, function != "" && alias != ""
	}
	if lambdaapi.IsARN(id) {
		function, alias = lambdaapi.ParseFunctionRef(id)
		return function, alias, function != "" && alias != "" && !publishedVersionRe.MatchString(alias)
	}
	return "", "", false
}

func aliasChanged(plan, state aliasModel) bool {
	for _, p := range [][2]attr.Value{
		{plan.FunctionVersion, state.FunctionVersion},
		{plan.Description, state.Description},
		{plan.RoutingConfig, state.RoutingConfig},
	} {
		if !p[0].Equal(p[1]) {
			return true
		}
	}
	return false
}

// readInto stores the alias as it is after create or update.
func (r *AliasResource) readInto(ctx context.Context, plan aliasModel, state *tfsdk.State, diags *diag.Diagnostics) {
	m, found, d := r.read(ctx, plan)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	if !found {
		diags.AddError("Alias vanished", fmt.Sprintf("alias %s of function %s was not found right after it was written",
			plan.Name.ValueString(), plan.FunctionName.ValueString()))
		return
	}
	diags.Append(state.Set(ctx, m)...)
}

func (r *AliasResource) read(ctx context.Context, prior aliasModel) (aliasModel, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	function, name := prior.FunctionName.ValueString(), prior.Name.ValueString()
	out, err := lambdaapi.FindAlias(ctx, r.client.Lambda, function, name)
	if lambdaapi.IsNotFound(err) {
		return prior, false, diags
	}
	if err != nil {
		diags.AddError(fmt.Sprintf("Cannot read alias %s of function %s", name, function), err.Error())
		return prior, false, diags
	}
	m := prior
	arn := aws.ToString(out.AliasArn)
	m.ID = types.StringValue(lambdaapi.FunctionName(function) + "/" + aws.ToString(out.Name))
	m.Name = types.StringValue(aws.ToString(out.Name))
	m.FunctionVersion = types.StringValue(aws.ToString(out.FunctionVersion))
	m.Description = types.StringValue(aws.ToString(out.Description))
	m.ARN = types.StringValue(arn)
	m.InvokeARN = types.StringValue(lambdaapi.InvokeARN(arn))
	m.RevisionID = types.StringValue(aws.ToString(out.RevisionId))
	m.RoutingConfig = flattenAliasRouting(ctx, out.RoutingConfig, prior.RoutingConfig, &diags)
	return m, true, diags
}

// expandAliasRouting returns the routing to send; never nil, so that an
// update without weights clears them.
func expandAliasRouting(ctx context.Context, l types.List, diags *diag.Diagnostics) *lambdatypes.AliasRoutingConfiguration {
	out := &lambdatypes.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{}}
	block, ok, d := firstBlock[aliasRoutingModel](ctx, l)
	diags.Append(d...)
	if !ok || block.AdditionalVersionWeights.IsNull() || block.AdditionalVersionWeights.IsUnknown() {
		return out
	}
	diags.Append(block.AdditionalVersionWeights.ElementsAs(ctx, &out.AdditionalVersionWeights, false)...)
	return out
}

// flattenAliasRouting reports the backend's weights. Without weights the
// prior shape is kept (no block, an empty block or an empty map all mean
// "no split"), so none of them diffs; weights set out of band appear.
func flattenAliasRouting(ctx context.Context, rc *lambdatypes.AliasRoutingConfiguration, prior types.List, diags *diag.Diagnostics) types.List {
	if rc == nil || len(rc.AdditionalVersionWeights) == 0 {
		if prior.IsNull() || prior.IsUnknown() {
			return types.ListValueMust(aliasRoutingType, []attr.Value{})
		}
		block, ok, d := firstBlock[aliasRoutingModel](ctx, prior)
		diags.Append(d...)
		if ok && len(block.AdditionalVersionWeights.Elements()) > 0 {
			// The weights are gone on the backend: keep the block, empty.
			block.AdditionalVersionWeights = types.MapValueMust(types.Float64Type, map[string]attr.Value{})
			l, d := blockList(ctx, aliasRoutingType, &block)
			diags.Append(d...)
			return l
		}
		return prior
	}
	weights, d := types.MapValueFrom(ctx, types.Float64Type, rc.AdditionalVersionWeights)
	diags.Append(d...)
	l, d := blockList(ctx, aliasRoutingType, &aliasRoutingModel{AdditionalVersionWeights: weights})
	diags.Append(d...)
	return l
}
