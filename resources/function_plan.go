package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

// functionChanges says which API calls an update makes.
type functionChanges struct {
	code, config, tags, publish bool
}

func (c functionChanges) any() bool { return c.code || c.config || c.tags || c.publish }

// diffFunction compares a plan with the prior state. ModifyPlan and Update
// share it, so the plan's unknowns and the calls made always agree.
func diffFunction(plan, state functionModel) functionChanges {
	changed := func(pairs ...[2]attr.Value) bool {
		for _, p := range pairs {
			if !p[0].Equal(p[1]) {
				return true
			}
		}
		return false
	}
	var c functionChanges
	c.code = changed(
		[2]attr.Value{plan.CodeSha256, state.CodeSha256},
		[2]attr.Value{plan.S3Bucket, state.S3Bucket},
		[2]attr.Value{plan.S3Key, state.S3Key},
		[2]attr.Value{plan.S3ObjectVersion, state.S3ObjectVersion},
		[2]attr.Value{plan.ImageURI, state.ImageURI},
		[2]attr.Value{plan.Architectures, state.Architectures},
	) || (!state.SourceCodeHash.IsNull() && !plan.SourceCodeHash.Equal(state.SourceCodeHash))
	c.config = changed(
		[2]attr.Value{plan.Role, state.Role},
		[2]attr.Value{plan.Handler, state.Handler},
		[2]attr.Value{plan.Runtime, state.Runtime},
		[2]attr.Value{plan.Description, state.Description},
		[2]attr.Value{plan.MemorySize, state.MemorySize},
		[2]attr.Value{plan.Timeout, state.Timeout},
		[2]attr.Value{plan.KMSKeyARN, state.KMSKeyARN},
		[2]attr.Value{plan.Layers, state.Layers},
		[2]attr.Value{plan.Environment, state.Environment},
		[2]attr.Value{plan.EphemeralStorage, state.EphemeralStorage},
		[2]attr.Value{plan.DeadLetterConfig, state.DeadLetterConfig},
		[2]attr.Value{plan.TracingConfig, state.TracingConfig},
		[2]attr.Value{plan.VPCConfig, state.VPCConfig},
		[2]attr.Value{plan.LoggingConfig, state.LoggingConfig},
	)
	c.tags = !plan.TagsAll.Equal(state.TagsAll)
	c.publish = plan.Publish.ValueBool() && (c.code || c.config || !state.Publish.ValueBool())
	return c
}

// ModifyPlan computes tags_all and code_sha256, then marks computed
// attributes unknown exactly when the apply will change them.
func (r *FunctionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config functionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.TagsAll = r.planTagsAll(ctx, plan.Tags, &resp.Diagnostics)
	creating := req.State.Raw.IsNull()
	var state functionModel
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if config.CodeSha256.IsNull() {
		plan.CodeSha256 = planCodeSha256(plan, state, creating)
	}
	if !creating {
		markUnknowns(&plan, diffFunction(plan, state))
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// planTagsAll is what tags_all becomes: provider default_tags overlaid with
// the resource's tags.
func (r *FunctionResource) planTagsAll(ctx context.Context, tags types.Map, diags *diag.Diagnostics) types.Map {
	if tags.IsUnknown() {
		return types.MapUnknown(types.StringType)
	}
	own := mapOf(ctx, tags, diags)
	if r.client == nil {
		return mapFrom(ctx, own, diags)
	}
	return mapFrom(ctx, r.client.MergeTags(own), diags)
}

// planCodeSha256 predicts the deployed package's hash: the file's own hash
// when filename is used (so a changed file, or code changed out of band
// and refreshed into state, shows as a diff), the state's value when nothing
// about S3/image code changes, else unknown.
func planCodeSha256(plan, state functionModel, creating bool) types.String {
	if !plan.Filename.IsNull() {
		if plan.Filename.IsUnknown() {
			return types.StringUnknown()
		}
		sum, err := lambdaapi.CodeSha256(plan.Filename.ValueString())
		if err != nil {
			// Typically the file is produced during apply; Create/Update
			// read it (and report a real error) then.
			return types.StringUnknown()
		}
		return types.StringValue(sum)
	}
	if creating {
		return types.StringUnknown()
	}
	prior := state.CodeSha256
	plan.CodeSha256, state.CodeSha256 = prior, prior // compare everything else
	if diffFunction(plan, state).code {
		return types.StringUnknown()
	}
	return prior
}

func markUnknowns(plan *functionModel, ch functionChanges) {
	if ch.any() {
		plan.LastModified = types.StringUnknown()
		plan.RevisionID = types.StringUnknown()
		plan.State = types.StringUnknown()
	}
	if ch.code {
		plan.CodeSize = types.Int64Unknown()
		plan.SourceCodeSize = types.Int64Unknown()
	}
	if ch.publish {
		plan.Version = types.StringUnknown()
		plan.QualifiedARN = types.StringUnknown()
		plan.QualifiedInvokeARN = types.StringUnknown()
	}
}
