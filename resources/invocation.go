package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

var (
	_ resource.ResourceWithConfigure      = &InvocationResource{}
	_ resource.ResourceWithValidateConfig = &InvocationResource{}
)

// NewInvocationResource returns the lambda_invocation resource.
func NewInvocationResource() resource.Resource {
	return &InvocationResource{}
}

// InvocationResource is the lambda_invocation resource. It has no
// ImportState: there is nothing on the backend to import.
type InvocationResource struct {
	client *conn.Client
}

func (r *InvocationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invocation"
}

func (r *InvocationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = invocationSchema()
}

func (r *InvocationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *InvocationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan invocationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.invoke(ctx, &plan, actionCreate, nil, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Read keeps the state as it is. It never invokes the function, and it does
// not ask the backend whether the function still exists, so a refresh can
// never plan a re-invocation.
func (r *InvocationResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// Update invokes the function with the update action when the scope is CRUD
// and input (as JSON) or triggers changed. Any other change (lifecycle_scope,
// terraform_key, reformatted input) only updates state.
func (r *InvocationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state invocationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.LifecycleScope.ValueString() == lifecycleCRUD && invokes(plan, state) {
		prev := state.Input.ValueString()
		r.invoke(ctx, &plan, actionUpdate, &prev, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	} else {
		plan.ID, plan.Result, plan.ExecutedVersion = state.ID, state.Result, state.ExecutedVersion
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete invokes the function with the delete action when the scope is
// CRUD; with CREATE_ONLY it only forgets the invocation. A function that no
// longer exists has nothing to clean up, which is a warning, not an error.
func (r *InvocationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state invocationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.LifecycleScope.ValueString() != lifecycleCRUD {
		return
	}
	prev := state.Input.ValueString()
	r.invoke(ctx, &state, actionDelete, &prev, &resp.Diagnostics)
}

// invoke runs the function once for action and records the outcome in m.
func (r *InvocationResource) invoke(ctx context.Context, m *invocationModel, action string, prevInput *string, diags *diag.Diagnostics) {
	name, qualifier := m.FunctionName.ValueString(), m.Qualifier.ValueString()
	payload, err := invocationPayload(*m, action, prevInput)
	if err != nil {
		diags.AddAttributeError(pathOf("input"), "Cannot build the invocation payload", err.Error())
		return
	}
	out, err := lambdaapi.InvokeOnce(ctx, r.client.Lambda, lambdaapi.InvokeParams{
		FunctionName: name,
		Qualifier:    qualifier,
		Payload:      payload,
	})
	switch {
	case err == nil:
	case action == actionDelete && lambdaapi.IsNotFound(err):
		diags.AddWarning("Function "+name+" no longer exists",
			"The delete invocation was not sent because the function (qualifier "+qualifier+") is gone: "+err.Error())
		return
	default:
		diags.AddError(fmt.Sprintf("Invoking function %s (%s) for %s failed", name, qualifier, action), err.Error())
		return
	}
	m.ID = types.StringValue(invocationID(name, qualifier, payload))
	m.Result = types.StringValue(out.Payload)
	m.ExecutedVersion = types.StringValue(out.ExecutedVersion)
}
