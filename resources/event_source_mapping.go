package resources

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
	"github.com/lambdaform/terraform-provider-lambda/internal/wait"
)

var (
	_ resource.ResourceWithConfigure   = &EventSourceMappingResource{}
	_ resource.ResourceWithImportState = &EventSourceMappingResource{}
	_ resource.ResourceWithModifyPlan  = &EventSourceMappingResource{}
)

// NewEventSourceMappingResource returns the lambda_event_source_mapping resource.
func NewEventSourceMappingResource() resource.Resource {
	return &EventSourceMappingResource{}
}

// EventSourceMappingResource is the lambda_event_source_mapping resource.
type EventSourceMappingResource struct {
	client *conn.Client
}

func (r *EventSourceMappingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_event_source_mapping"
}

func (r *EventSourceMappingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = esmSchema()
}

func (r *EventSourceMappingResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan computes tags_all from the provider's default_tags.
func (r *EventSourceMappingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan esmModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Tags.IsUnknown() {
		plan.TagsAll = types.MapUnknown(types.StringType)
	} else {
		own := mapOf(ctx, plan.Tags, &resp.Diagnostics)
		if r.client != nil {
			own = r.client.MergeTags(own)
		}
		plan.TagsAll = mapFrom(ctx, own, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// existingUUIDRe finds the existing mapping's UUID in AWS's conflict message.
var existingUUIDRe = regexp.MustCompile(`UUID ([0-9a-fA-F-]{36})`)

func (r *EventSourceMappingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan esmModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tags := mapOf(ctx, plan.TagsAll, &resp.Diagnostics)
	in := esmCreateInput(ctx, plan, tags, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	out, err := r.client.Lambda.CreateEventSourceMapping(ctx, in)
	if err != nil {
		summary := fmt.Sprintf("Cannot map %s to function %s", plan.EventSourceARN.ValueString(), plan.FunctionName.ValueString())
		resp.Diagnostics.AddError(summary, conflictHint(err))
		return
	}
	uuid := aws.ToString(out.UUID)
	// Saved at once, so that a failed wait leaves a resource to destroy.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), uuid)...)
	r.settle(ctx, plan, uuid, &resp.State, &resp.Diagnostics)
}

// conflictHint turns AWS's "already exists … UUID …" conflict into advice:
// the mapping to import (or delete) instead of a bare 409.
func conflictHint(err error) string {
	var rc *lambdatypes.ResourceConflictException
	if !errors.As(err, &rc) {
		return err.Error()
	}
	m := existingUUIDRe.FindStringSubmatch(rc.ErrorMessage())
	if m == nil {
		return err.Error()
	}
	return fmt.Sprintf("A mapping of this source to this function already exists: UUID %s. AWS allows only one.\n\n"+
		"To manage it with this resource, import it:\n  import {\n    to = <this resource address>\n    id = %q\n  }\n"+
		"(or `tofu import <address> %s`), or delete it first.\n\n%s", m[1], m[1], m[1], err)
}

func (r *EventSourceMappingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state esmModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, found := r.read(ctx, state, state.ID.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *EventSourceMappingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state esmModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	uuid := state.ID.ValueString()
	if esmChanged(plan, state) {
		in := esmUpdateInput(ctx, plan, state, uuid, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		if _, err := r.client.Lambda.UpdateEventSourceMapping(ctx, in); err != nil {
			resp.Diagnostics.AddError("Cannot update event source mapping "+uuid, conflictHint(err))
			return
		}
	}
	r.updateTags(ctx, state.ARN.ValueString(), state.TagsAll, plan.TagsAll, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.settle(ctx, plan, uuid, &resp.State, &resp.Diagnostics)
}

func (r *EventSourceMappingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state esmModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	uuid := state.ID.ValueString()
	err := wait.Retry(ctx, wait.Default, func(ctx context.Context) error {
		_, err := r.client.Lambda.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: aws.String(uuid)})
		return err
	}, isResourceInUse)
	if lambdaapi.IsNotFound(err) {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot delete event source mapping "+uuid, err.Error())
		return
	}
	err = wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		out, err := r.client.Lambda.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
		if lambdaapi.IsNotFound(err) {
			return true, "deleted", nil
		}
		if err != nil {
			return false, "", err
		}
		return false, aws.ToString(out.State), nil
	})
	if err != nil {
		resp.Diagnostics.AddError("Event source mapping "+uuid+" was not deleted", err.Error())
	}
}

// isResourceInUse: AWS refuses to delete a mapping in the middle of a
// transition; the provider retries, as the AWS provider does.
func isResourceInUse(err error) bool {
	var ru *lambdatypes.ResourceInUseException
	return errors.As(err, &ru)
}

// ImportState takes the mapping's UUID.
func (r *EventSourceMappingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// settle waits until the mapping is Enabled or Disabled and stores it.
func (r *EventSourceMappingResource) settle(ctx context.Context, plan esmModel, uuid string, state *tfsdk.State, diags *diag.Diagnostics) {
	err := wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		out, err := r.client.Lambda.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
		if err != nil {
			return false, "", err
		}
		s := aws.ToString(out.State)
		return s == "Enabled" || s == "Disabled", s, nil
	})
	if err != nil {
		diags.AddError("Event source mapping "+uuid+" did not settle", err.Error())
		return
	}
	m, found := r.read(ctx, plan, uuid, diags)
	if diags.HasError() {
		return
	}
	if !found {
		diags.AddError("Event source mapping vanished", "mapping "+uuid+" was not found right after it was written")
		return
	}
	diags.Append(state.Set(ctx, m)...)
}

func (r *EventSourceMappingResource) read(ctx context.Context, prior esmModel, uuid string, diags *diag.Diagnostics) (esmModel, bool) {
	out, err := r.client.Lambda.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
	if lambdaapi.IsNotFound(err) {
		return prior, false
	}
	if err != nil {
		diags.AddError("Cannot read event source mapping "+uuid, err.Error())
		return prior, false
	}
	if aws.ToString(out.State) == "Deleting" {
		return prior, false
	}
	m := flattenMapping(ctx, replyOf(out), prior, diags)
	tags, err := r.client.Lambda.ListTags(ctx, &lambda.ListTagsInput{Resource: out.EventSourceMappingArn})
	if err != nil {
		diags.AddError("Cannot read the tags of event source mapping "+uuid, err.Error())
		return m, false
	}
	m.TagsAll = mapFrom(ctx, orEmpty(tags.Tags), diags)
	m.Tags = flattenTags(ctx, tags.Tags, prior.Tags, r.client.DefaultTags, diags)
	return m, true
}

// updateTags applies the difference between two tags_all values.
func (r *EventSourceMappingResource) updateTags(ctx context.Context, arn string, before, after types.Map, diags *diag.Diagnostics) {
	old, now := mapOf(ctx, before, diags), mapOf(ctx, after, diags)
	var gone []string
	for k := range old {
		if _, ok := now[k]; !ok {
			gone = append(gone, k)
		}
	}
	slices.Sort(gone)
	if len(gone) > 0 {
		if _, err := r.client.Lambda.UntagResource(ctx, &lambda.UntagResourceInput{Resource: aws.String(arn), TagKeys: gone}); err != nil {
			diags.AddError("Cannot untag event source mapping", err.Error())
			return
		}
	}
	if len(now) > 0 && !maps.Equal(old, now) {
		if _, err := r.client.Lambda.TagResource(ctx, &lambda.TagResourceInput{Resource: aws.String(arn), Tags: now}); err != nil {
			diags.AddError("Cannot tag event source mapping", err.Error())
		}
	}
}
