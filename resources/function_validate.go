package resources

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/helpers/validatordiag"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	tftypes "github.com/hashicorp/terraform-plugin-framework/types"
)

// codeSources are the arguments of which exactly one names the code.
var codeSources = []string{"filename", "s3_bucket", "image_uri"}

// codeSourceRule is resourcevalidator.ExactlyOneOf over codeSources. Its
// Validate matches every path expression against the whole configuration,
// which with this schema cost more than the rest of validation together, so
// ValidateConfig applies the same rule to three root attributes itself and
// takes only the wording from it.
var codeSourceRule = resourcevalidator.ExactlyOneOf(pathRoot(codeSources[0]), pathRoot(codeSources[1]), pathRoot(codeSources[2]))

// ValidateConfig checks the rules that span several arguments: exactly one
// code source, and what each package type requires. It reads the handful of
// attributes it needs rather than the whole model: ValidateResourceConfig
// runs for every function in every plan and apply.
func (r *FunctionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	get := func(name string) tftypes.String {
		var v tftypes.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathOf(name), &v)...)
		return v
	}
	filename, s3Bucket, imageURI := get("filename"), get("s3_bucket"), get("image_uri")
	packageType, handler, runtime := get("package_type"), get("handler"), get("runtime")
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(exactlyOneCodeSource(ctx, filename, s3Bucket, imageURI)...)
	if packageType.IsUnknown() {
		return
	}
	image := packageType.ValueString() == string(types.PackageTypeImage)
	if !imageURI.IsNull() && !image {
		resp.Diagnostics.AddAttributeError(pathOf("package_type"), "image_uri needs package_type = \"Image\"",
			"A container image function must declare package_type = \"Image\".")
	}
	if image && (!filename.IsNull() || !s3Bucket.IsNull()) {
		resp.Diagnostics.AddAttributeError(pathOf("package_type"), "Image functions take image_uri",
			"With package_type = \"Image\" the code comes from image_uri, not filename or s3_bucket.")
	}
	if image {
		return
	}
	for _, a := range []struct {
		name  string
		unset bool
	}{{"handler", handler.IsNull()}, {"runtime", runtime.IsNull()}} {
		if a.unset {
			resp.Diagnostics.AddAttributeError(pathOf(a.name), "Missing "+a.name,
				a.name+" is required for Zip packages (package_type = \"Zip\", the default).")
		}
	}
}

// exactlyOneCodeSource is codeSourceRule's check, with its diagnostics: an
// error when more than one source is configured, and when none is and none
// is still unknown.
func exactlyOneCodeSource(ctx context.Context, values ...tftypes.String) diag.Diagnostics {
	var diags diag.Diagnostics
	var configured []path.Path
	unknown := false
	for i, v := range values {
		switch {
		case v.IsUnknown():
			unknown = true
		case !v.IsNull():
			configured = append(configured, pathOf(codeSources[i]))
		}
	}
	if len(configured) > 1 {
		diags.Append(validatordiag.InvalidAttributeCombinationDiagnostic(configured[0], codeSourceRule.Description(ctx)))
	}
	if len(configured) == 0 && !unknown {
		diags.AddError("Missing Attribute Configuration", codeSourceRule.Description(ctx))
	}
	return diags
}
