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
//
// It runs for every function in every plan and apply, so it reads the few
// attributes every plan needs and decodes the whole model (by reflection,
// most of this method's cost with this schema) only when an existing
// function changes.
func (r *FunctionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var tags types.Map
	var filename, configCodeSha256 types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathOf("tags"), &tags)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathOf("filename"), &filename)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathOf("code_sha256"), &configCodeSha256)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, pathOf("tags_all"), r.planTagsAll(ctx, tags, &resp.Diagnostics))...)
	hashCode := configCodeSha256.IsNull()
	if hashCode && !filename.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, pathOf("code_sha256"), fileCodeSha256(filename))...)
	}
	creating := req.State.Raw.IsNull()
	if creating && hashCode && filename.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, pathOf("code_sha256"), types.StringUnknown())...)
	}
	// A plan equal to the state changes nothing: diffFunction would find
	// no change, so nothing is marked unknown and an S3/image function keeps
	// its code_sha256.
	if creating || resp.Diagnostics.HasError() || resp.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	var plan, state functionModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if hashCode && filename.IsNull() {
		plan.CodeSha256 = s3CodeSha256(plan, state)
	}
	markUnknowns(&plan, diffFunction(plan, state))
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

// s3CodeSha256 predicts the deployed hash of S3 or image code: the state's
// value when nothing about the code changes, else unknown. (With filename
// the plan carries the file's own hash, so that a changed file, or code
// changed out of band and refreshed into state, shows as a diff.)
func s3CodeSha256(plan, state functionModel) types.String {
	prior := state.CodeSha256
	plan.CodeSha256, state.CodeSha256 = prior, prior // compare everything else
	if diffFunction(plan, state).code {
		return types.StringUnknown()
	}
	return prior
}

// fileCodeSha256 is the hash of the package at filename, or unknown when the
// name or the file is not there yet.
func fileCodeSha256(filename types.String) types.String {
	if filename.IsUnknown() {
		return types.StringUnknown()
	}
	sum, err := lambdaapi.CodeSha256(filename.ValueString())
	if err != nil {
		// Typically the file is produced during apply; Create/Update
		// read it (and report a real error) then.
		return types.StringUnknown()
	}
	return types.StringValue(sum)
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
