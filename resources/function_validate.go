package resources

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ValidateConfig checks the rules that span several arguments and that the
// validators package cannot express: what each package type requires.
func (r *FunctionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m functionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.PackageType.IsUnknown() {
		return
	}
	image := m.PackageType.ValueString() == string(types.PackageTypeImage)
	if !m.ImageURI.IsNull() && !image {
		resp.Diagnostics.AddAttributeError(pathOf("package_type"), "image_uri needs package_type = \"Image\"",
			"A container image function must declare package_type = \"Image\".")
	}
	if image && (!m.Filename.IsNull() || !m.S3Bucket.IsNull()) {
		resp.Diagnostics.AddAttributeError(pathOf("package_type"), "Image functions take image_uri",
			"With package_type = \"Image\" the code comes from image_uri, not filename or s3_bucket.")
	}
	if image {
		return
	}
	for _, a := range []struct {
		name  string
		unset bool
	}{{"handler", m.Handler.IsNull()}, {"runtime", m.Runtime.IsNull()}} {
		if a.unset {
			resp.Diagnostics.AddAttributeError(pathOf(a.name), "Missing "+a.name,
				a.name+" is required for Zip packages (package_type = \"Zip\", the default).")
		}
	}
}
