package resources

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
	"github.com/lambdaform/terraform-provider-lambda/internal/wait"
)

var (
	_ resource.ResourceWithConfigure   = &FunctionVersionResource{}
	_ resource.ResourceWithImportState = &FunctionVersionResource{}
)

// NewFunctionVersionResource returns the lambda_function_version resource.
func NewFunctionVersionResource() resource.Resource {
	return &FunctionVersionResource{}
}

// FunctionVersionResource is the lambda_function_version resource: one
// immutable published version of a function.
type FunctionVersionResource struct {
	client *conn.Client
}

func (r *FunctionVersionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_function_version"
}

func (r *FunctionVersionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = functionVersionSchema(ctx)
}

func (r *FunctionVersionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = conn.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Create publishes $LATEST. Lambda does not publish a version identical to
// the latest one: it answers with that version instead. Under the
// per-function lock the versions listed before publishing tell the two
// apart; an existing version is adopted only with skip_destroy, since two
// resources owning one version would delete it under each other.
func (r *FunctionVersionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan functionVersionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultOperationTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	ref := plan.FunctionName.ValueString()
	name := lambdaapi.FunctionName(ref)
	unlock := r.client.LockFunction(name)
	defer unlock()

	before, err := lambdaapi.LatestVersion(ctx, r.client.Lambda, ref)
	if err != nil {
		resp.Diagnostics.AddError("Cannot publish a version of function "+ref, err.Error())
		return
	}
	in := &lambda.PublishVersionInput{FunctionName: aws.String(ref)}
	if !plan.Description.IsUnknown() && !plan.Description.IsNull() {
		in.Description = aws.String(plan.Description.ValueString())
	}
	if !plan.CodeSha256.IsUnknown() && !plan.CodeSha256.IsNull() {
		in.CodeSha256 = aws.String(plan.CodeSha256.ValueString())
	}
	var version string
	err = wait.Retry(ctx, wait.Default, func(ctx context.Context) error {
		out, err := r.client.Lambda.PublishVersion(ctx, in)
		if err == nil {
			version = aws.ToString(out.Version)
		}
		return err
	}, lambdaapi.IsUpdateInProgress)
	if err != nil {
		resp.Diagnostics.AddError("Cannot publish a version of function "+ref, err.Error())
		return
	}
	if existed(version, before) {
		if !plan.SkipDestroy.ValueBool() {
			resp.Diagnostics.AddError("Function "+ref+" is unchanged since version "+version,
				"Lambda publishes a new version only when $LATEST's code or configuration differs from the latest "+
					"version (a description alone does not count), so it answered with version "+version+" instead. "+
					"Another resource (or publish = true on lambda_function) already owns that version and would delete it "+
					"under this one. Change the function before publishing, trigger this resource on what changes "+
					"(code_sha256 = lambda_function.NAME.code_sha256), import version "+version+", or set skip_destroy = true "+
					"to share it.")
			return
		}
		resp.Diagnostics.AddWarning("Adopted existing version "+version+" of "+ref,
			"$LATEST is unchanged since version "+version+", so Lambda published nothing new; with skip_destroy this resource refers to that version.")
	}
	plan.Version = types.StringValue(version)
	plan.ID = types.StringValue(versionID(name, version))
	// Record the version before waiting, so a failed wait leaves a tainted
	// resource rather than an orphan.
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	if err := lambdaapi.WaitUpdated(ctx, r.client.Lambda, ref, version); err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Version %s of function %s did not become ready", version, ref), err.Error())
		return
	}
	m, found, d := r.read(ctx, plan)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddError("Version vanished", fmt.Sprintf("version %s of function %s was not found right after it was published", version, ref))
		return
	}
	if want := plan.Description; !want.IsUnknown() && !want.IsNull() && !want.Equal(m.Description) {
		// Only an adopted version can differ: it kept its own description.
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddAttributeError(pathOf("description"), "Cannot adopt version "+version+" of "+ref,
			fmt.Sprintf("$LATEST is unchanged since version %s, whose description is %q, not %q; Lambda published nothing "+
				"new. Remove description, or change the function before publishing.", version, m.Description.ValueString(), want.ValueString()))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *FunctionVersionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readResource(ctx, req, resp, r.read)
}

// Update changes only what lives in state: skip_destroy, timeouts and the
// written form of function_name (a name or an ARN of the same function).
// Everything that would need another version replaces the resource.
func (r *FunctionVersionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan functionVersionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *FunctionVersionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state functionVersionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.SkipDestroy.ValueBool() {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultOperationTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	ref, version := state.FunctionName.ValueString(), state.Version.ValueString()
	unlock := r.client.LockFunction(lambdaapi.FunctionName(ref))
	defer unlock()
	_, err := r.client.Lambda.DeleteFunction(ctx, &lambda.DeleteFunctionInput{
		FunctionName: aws.String(ref), Qualifier: aws.String(version),
	})
	if lambdaapi.IsNotFound(err) {
		return
	}
	if err != nil {
		detail := err.Error()
		if lambdaapi.IsConflict(err) {
			detail += "\n\nAn alias still routes to this version. Give the resource lifecycle { create_before_destroy = true } " +
				"so the alias moves to the new version before this one is deleted, or set skip_destroy = true to keep old versions."
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot delete version %s of function %s", version, ref), detail)
		return
	}
	err = wait.Until(ctx, wait.Default, func(ctx context.Context) (bool, string, error) {
		_, err := lambdaapi.FindFunction(ctx, r.client.Lambda, ref, version)
		if lambdaapi.IsNotFound(err) {
			return true, "deleted", nil
		}
		return false, "still exists", err
	})
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Version %s of function %s was not deleted", version, ref), err.Error())
	}
}

// ImportState takes FUNCTION:VERSION or a qualified function ARN. An ARN
// imports function_name as the unqualified ARN, a name as the name.
// triggers cannot be read back and start out null.
func (r *FunctionVersionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	i := strings.LastIndex(req.ID, ":")
	version := ""
	if i > 0 {
		version = req.ID[i+1:]
	}
	if _, err := strconv.Atoi(version); err != nil {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q: want FUNCTION_NAME:VERSION or a qualified function ARN, where VERSION is a published version number", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("function_name"), req.ID[:i])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("version"), version)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathOf("skip_destroy"), false)...)
}

// read fetches the version and flattens it over prior; found is false when
// the version (or its function) no longer exists.
func (r *FunctionVersionResource) read(ctx context.Context, prior functionVersionModel) (functionVersionModel, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	ref, version := prior.FunctionName.ValueString(), prior.Version.ValueString()
	out, err := lambdaapi.FindFunction(ctx, r.client.Lambda, ref, version)
	if lambdaapi.IsNotFound(err) {
		return prior, false, diags
	}
	if err != nil {
		diags.AddError(fmt.Sprintf("Cannot read version %s of function %s", version, ref), err.Error())
		return prior, false, diags
	}
	return flattenFunctionVersion(out, prior), true, diags
}

func flattenFunctionVersion(out *lambda.GetFunctionOutput, prior functionVersionModel) functionVersionModel {
	c := out.Configuration
	m := prior
	version := aws.ToString(c.Version)
	functionARN := lambdaapi.UnqualifiedARN(aws.ToString(c.FunctionArn))
	arn := lambdaapi.QualifiedARN(functionARN, version)
	m.ID = types.StringValue(versionID(aws.ToString(c.FunctionName), version))
	m.Version = types.StringValue(version)
	m.Description = types.StringValue(aws.ToString(c.Description))
	m.CodeSha256 = types.StringValue(aws.ToString(c.CodeSha256))
	m.FunctionARN = types.StringValue(functionARN)
	m.ARN = types.StringValue(arn)
	m.InvokeARN = types.StringValue(lambdaapi.InvokeARN(arn))
	m.RevisionID = types.StringValue(aws.ToString(c.RevisionId))
	m.LastModified = types.StringValue(aws.ToString(c.LastModified))
	if m.SkipDestroy.IsNull() || m.SkipDestroy.IsUnknown() {
		m.SkipDestroy = types.BoolValue(false)
	}
	return m
}

func versionID(function, version string) string { return function + ":" + version }

// existed reports whether version was already published when latest was
// the latest version: Lambda answered with it rather than publishing anew.
func existed(version, latest string) bool {
	v, err1 := strconv.Atoi(version)
	l, err2 := strconv.Atoi(latest)
	return err1 == nil && err2 == nil && v <= l
}
