package resources

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestExactlyOneCodeSourceMatchesValidator: ValidateConfig's check of the
// code source reports what resourcevalidator.ExactlyOneOf reported when it
// was a config validator, for every mix of set, unset and unknown sources.
func TestExactlyOneCodeSourceMatchesValidator(t *testing.T) {
	ctx := context.Background()
	sch := functionSchema(ctx)
	typ, ok := sch.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("schema type is not an object")
	}
	states := []struct {
		name  string
		value func(tftypes.Type) tftypes.Value
	}{
		{"unset", func(t tftypes.Type) tftypes.Value { return tftypes.NewValue(t, nil) }},
		{"set", func(t tftypes.Type) tftypes.Value { return tftypes.NewValue(t, "x") }},
		{"unknown", func(t tftypes.Type) tftypes.Value { return tftypes.NewValue(t, tftypes.UnknownValue) }},
	}
	for _, f := range states {
		for _, s := range states {
			for _, i := range states {
				vals := map[string]tftypes.Value{}
				for name, at := range typ.AttributeTypes {
					vals[name] = tftypes.NewValue(at, nil)
				}
				// Valid for Zip and Image alike, so that only the code
				// source can be wrong.
				vals["handler"] = tftypes.NewValue(tftypes.String, "h")
				vals["runtime"] = tftypes.NewValue(tftypes.String, "python3.12")
				vals["package_type"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
				vals["filename"] = f.value(tftypes.String)
				vals["s3_bucket"] = s.value(tftypes.String)
				vals["image_uri"] = i.value(tftypes.String)
				req := resource.ValidateConfigRequest{Config: tfsdk.Config{Schema: sch, Raw: tftypes.NewValue(typ, vals)}}

				var want, got resource.ValidateConfigResponse
				codeSourceRule.ValidateResource(ctx, req, &want)
				(&FunctionResource{}).ValidateConfig(ctx, req, &got)
				if !got.Diagnostics.Equal(want.Diagnostics) {
					t.Errorf("filename %s, s3_bucket %s, image_uri %s: got %v, want %v",
						f.name, s.name, i.name, got.Diagnostics, want.Diagnostics)
				}
			}
		}
	}
}
