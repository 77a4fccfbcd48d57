package resources

import (
	"context"
	"fmt"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
	"github.com/lambdaform/terraform-provider-lambda/internal/wait"
)

// unpublished is the version of a function no version was ever published of.
const unpublished = "$LATEST"

// read fetches the function and flattens it over prior. found is false when
// the function no longer exists.
func (r *FunctionResource) read(ctx context.Context, prior functionModel) (functionModel, bool, diag.Diagnostics) {
	return r.readKnown(ctx, prior, nil, "")
}

// readKnown is read for a caller that may already have GetFunction's answer
// (out, else nil) or the latest published version (else ""): each saves a
// call.
func (r *FunctionResource) readKnown(ctx context.Context, prior functionModel, out *lambda.GetFunctionOutput, version string) (functionModel, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	name := prior.FunctionName.ValueString()
	var listed <-chan latestVersion
	if version == "" && out == nil {
		// Both calls are needed, and neither needs the other's answer:
		// make them at once, which halves a refresh's wait on the backend.
		lctx, cancel := context.WithCancel(ctx)
		defer cancel() // the function may be gone: then the list is moot
		listed = r.listLatestVersion(lctx, name)
	}
	var err error
	if out == nil {
		out, err = lambdaapi.FindFunction(ctx, r.client.Lambda, name, "")
	}
	if lambdaapi.IsNotFound(err) {
		return prior, false, diags
	}
	if err != nil {
		diags.AddError("Cannot read function "+name, err.Error())
		return prior, false, diags
	}
	if version == "" {
		if listed == nil {
			listed = r.listLatestVersion(ctx, name)
		}
		l := <-listed
		if version, err = l.version, l.err; err != nil {
			diags.AddError("Cannot read versions of function "+name, err.Error())
			return prior, false, diags
		}
	}
	m, d := flattenFunction(ctx, out, version, prior, r.client.DefaultTags)
	diags.Append(d...)
	return m, true, diags
}

type latestVersion struct {
	version string
	err     error
}

// listLatestVersion runs lambdaapi.LatestVersion in the background.
func (r *FunctionResource) listLatestVersion(ctx context.Context, name string) <-chan latestVersion {
	ch := make(chan latestVersion, 1) // never blocks: an abandoned answer is dropped
	go func() {
		v, err := lambdaapi.LatestVersion(ctx, r.client.Lambda, name)
		ch <- latestVersion{v, err}
	}()
	return ch
}

// readInto stores the function as it is after create or update, and checks
// an explicitly configured code_sha256 against what was deployed. out and
// version are as for readKnown.
func (r *FunctionResource) readInto(ctx context.Context, plan functionModel, out *lambda.GetFunctionOutput, version string, state *tfsdk.State, diags *diag.Diagnostics) {
	m, found, d := r.readKnown(ctx, plan, out, version)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	if !found {
		diags.AddError("Function vanished", fmt.Sprintf("function %s was not found right after it was written", plan.FunctionName.ValueString()))
		return
	}
	if want := plan.CodeSha256; !want.IsUnknown() && !want.IsNull() && !want.Equal(m.CodeSha256) {
		diags.AddAttributeError(pathOf("code_sha256"), "Deployed code does not match code_sha256",
			fmt.Sprintf("code_sha256 is %s but the backend reports %s for the deployed package. Set code_sha256 to the "+
				"package's filebase64sha256, or leave it unset.", want.ValueString(), m.CodeSha256.ValueString()))
		m.CodeSha256 = plan.CodeSha256 // keep state consistent with the plan; the error stops the apply
	}
	if !plan.Version.IsUnknown() {
		// No version was published by this apply, so the planned values
		// stand. Versions deleted meanwhile (e.g. a lambda_function_version
		// replaced in the same apply) show up at the next refresh instead of
		// making this result inconsistent with the plan.
		m.Version, m.QualifiedARN, m.QualifiedInvokeARN = plan.Version, plan.QualifiedARN, plan.QualifiedInvokeARN
	}
	diags.Append(state.Set(ctx, m)...)
}

// applyUpdate performs the API calls an update needs, in AWS's safe order:
// code, then configuration, each followed by a wait for LastUpdateStatus,
// then tags, then publishing a version.
func (r *FunctionResource) applyUpdate(ctx context.Context, plan, state functionModel, diags *diag.Diagnostics) {
	ch := diffFunction(plan, state)
	name := plan.FunctionName.ValueString()
	if ch.code {
		in, d := updateCodeInput(ctx, plan)
		diags.Append(d...)
		if diags.HasError() {
			return
		}
		r.write(ctx, "update code of", name, diags, func(ctx context.Context) error {
			_, err := r.client.Lambda.UpdateFunctionCode(ctx, in)
			return err
		})
	}
	if ch.config && !diags.HasError() {
		in, d := updateConfigInput(ctx, plan, state)
		diags.Append(d...)
		if diags.HasError() {
			return
		}
		r.write(ctx, "update configuration of", name, diags, func(ctx context.Context) error {
			_, err := r.client.Lambda.UpdateFunctionConfiguration(ctx, in)
			return err
		})
	}
	if ch.tags && !diags.HasError() {
		r.updateTags(ctx, state, plan, diags)
	}
	if ch.publish && !diags.HasError() {
		r.publish(ctx, name, diags)
	}
}

// write runs one mutating call with the retries AWS needs (IAM propagation,
// update in progress), then waits for the update to finish.
func (r *FunctionResource) write(ctx context.Context, what, name string, diags *diag.Diagnostics, call func(context.Context) error) {
	if err := wait.Retry(ctx, wait.Default, call, lambdaapi.IsRetryableWrite); err != nil {
		diags.AddError(fmt.Sprintf("Cannot %s function %s", what, name), err.Error())
		return
	}
	if err := lambdaapi.WaitUpdated(ctx, r.client.Lambda, name, ""); err != nil {
		diags.AddError(fmt.Sprintf("Cannot %s function %s", what, name), err.Error())
	}
}

func (r *FunctionResource) updateTags(ctx context.Context, state, plan functionModel, diags *diag.Diagnostics) {
	arn := state.ARN.ValueString()
	old, want := mapOf(ctx, state.TagsAll, diags), mapOf(ctx, plan.TagsAll, diags)
	var remove []string
	for k := range old {
		if _, keep := want[k]; !keep {
			remove = append(remove, k)
		}
	}
	if len(remove) > 0 {
		if _, err := r.client.Lambda.UntagResource(ctx, &lambda.UntagResourceInput{Resource: aws.String(arn), TagKeys: remove}); err != nil {
			diags.AddError("Cannot remove tags of function "+plan.FunctionName.ValueString(), err.Error())
			return
		}
	}
	add := maps.Clone(want)
	maps.DeleteFunc(add, func(k, v string) bool { ov, ok := old[k]; return ok && ov == v })
	if len(add) > 0 {
		if _, err := r.client.Lambda.TagResource(ctx, &lambda.TagResourceInput{Resource: aws.String(arn), Tags: add}); err != nil {
			diags.AddError("Cannot tag function "+plan.FunctionName.ValueString(), err.Error())
		}
	}
}

func (r *FunctionResource) publish(ctx context.Context, name string, diags *diag.Diagnostics) {
	var version string
	err := wait.Retry(ctx, wait.Default, func(ctx context.Context) error {
		out, err := r.client.Lambda.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String(name)})
		if err == nil {
			version = aws.ToString(out.Version)
		}
		return err
	}, lambdaapi.IsUpdateInProgress)
	if err == nil {
		err = lambdaapi.WaitUpdated(ctx, r.client.Lambda, name, version)
	}
	if err != nil {
		diags.AddError("Cannot publish a version of function "+name, err.Error())
	}
}
