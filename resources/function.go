// Package resources implements the provider's managed resources.
package resources

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
	"github.com/lambdaform/terraform-provider-lambda/internal/wait"
)

var (
	_ resource.ResourceWithConfigure      = &FunctionResource{}
	_ resource.ResourceWithImportState    = &FunctionResource{}
	_ resource.ResourceWithModifyPlan     = &FunctionResource{}
	_ resource.ResourceWithValidateConfig = &FunctionResource{}
)

// defaultOperationTimeout bounds create, update and delete (including the waits and
// IAM-propagation retries) unless the timeouts block says otherwise.
const defaultOperationTimeout = 10 * time.Minute

// NewFunctionResource returns the lambda_function resource.
func NewFunctionResource() resource.Resource {
	return &FunctionResource{}
}

// FunctionResource is the lambda_function resource.
type FunctionResource struct {
	client *conn.Client
}

func pathOf(name string) path.Path { return path.Root(name) }

func (r *FunctionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_function"
}

func (r *FunctionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = functionSchema(ctx)
}

func (r *FunctionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *FunctionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan functionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultOperationTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	in, d := createInput(ctx, plan, mapOf(ctx, plan.TagsAll, &resp.Diagnostics))
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.FunctionName.ValueString()
	err := wait.Retry(ctx, wait.Default, func(ctx context.Context) error {
		_, err := r.client.Lambda.CreateFunction(ctx, in)
		return err
	}, lambdaapi.IsRetryableWrite)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create function "+name, err.Error())
		return
	}
	// From here on the function exists: record it so a failed wait leaves a
	// tainted resource to replace rather than an orphan.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("id"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("function_name"), name)...)
	// The function once active is what Create stores, so the wait's last
	// GetFunction is the read; and a function created without publish has
	// no published version to look up.
	out, err := lambdaapi.WaitActiveFunction(ctx, r.client.Lambda, name)
	if err != nil {
		resp.Diagnostics.AddError("Function "+name+" did not become active", err.Error())
		return
	}
	version := ""
	if !in.Publish {
		version = unpublished
	}
	r.readInto(ctx, plan, out, version, &resp.State, &resp.Diagnostics)
}

func (r *FunctionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readResource(ctx, req, resp, r.read)
}

func (r *FunctionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state functionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultOperationTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	r.applyUpdate(ctx, plan, state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.readInto(ctx, plan, nil, "", &resp.State, &resp.Diagnostics)
}

func (r *FunctionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state functionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultOperationTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name := state.FunctionName.ValueString()
	_, err := r.client.Lambda.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(name)})
	if lambdaapi.IsNotFound(err) {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot delete function "+name, err.Error())
		return
	}
	if err := lambdaapi.WaitDeleted(ctx, r.client.Lambda, name); err != nil {
		resp.Diagnostics.AddError("Function "+name+" was not deleted", err.Error())
	}
}

// ImportState takes the function name. filename, source_code_hash and
// publish cannot be read back and start out null or false.
func (r *FunctionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("function_name"), req.ID)...)
}
