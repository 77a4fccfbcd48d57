package validators

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestJSON(t *testing.T) {
	cases := []struct {
		name      string
		validator validator.String
		value     types.String
		want      string // the error's detail, "" for valid
	}{
		{"document: object", JSON(), types.StringValue(`{"a": [1, 2]}`), ""},
		{"document: array", JSON(), types.StringValue(`[1, 2]`), ""},
		{"document: string", JSON(), types.StringValue(`"text"`), ""},
		{"document: null", JSON(), types.StringValue(`null`), ""},
		{"document: null value", JSON(), types.StringNull(), ""},
		{"document: unknown value", JSON(), types.StringUnknown(), ""},
		{"document: not JSON", JSON(), types.StringValue(`{"a":`), "The value must be a JSON document: unexpected end of JSON input"},
		{"document: two documents", JSON(), types.StringValue(`{} {}`), "The value must be a JSON document: invalid character '{' after top-level value"},
		{"object: object", JSONObject(), types.StringValue(`{"custom": {"k": "v"}}`), ""},
		{"object: empty object", JSONObject(), types.StringValue(`{}`), ""},
		{"object: null value", JSONObject(), types.StringNull(), ""},
		{"object: unknown value", JSONObject(), types.StringUnknown(), ""},
		{"object: not JSON", JSONObject(), types.StringValue(`nope`), "The value must be a JSON object: invalid character 'o' in literal null (expecting 'u')"},
		{"object: null", JSONObject(), types.StringValue(`null`), "The value must be a JSON object: got null"},
		{"object: boolean", JSONObject(), types.StringValue(`true`), "The value must be a JSON object: got a boolean"},
		{"object: number", JSONObject(), types.StringValue(`1.5`), "The value must be a JSON object: got a number"},
		{"object: string", JSONObject(), types.StringValue(`"{}"`), "The value must be a JSON object: got a string"},
		{"object: array", JSONObject(), types.StringValue(`[{}]`), "The value must be a JSON object: got an array"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := path.Root("input")
			resp := &validator.StringResponse{}
			tc.validator.ValidateString(t.Context(), validator.StringRequest{Path: p, ConfigValue: tc.value}, resp)
			if tc.want == "" {
				if resp.Diagnostics.HasError() {
					t.Fatalf("want no error, got %v", resp.Diagnostics)
				}
				return
			}
			if n := resp.Diagnostics.ErrorsCount(); n != 1 {
				t.Fatalf("want 1 error, got %d: %v", n, resp.Diagnostics)
			}
			d := resp.Diagnostics.Errors()[0]
			if d.Summary() != "Invalid JSON" || d.Detail() != tc.want {
				t.Errorf("error %q: %q, want %q: %q", d.Summary(), d.Detail(), "Invalid JSON", tc.want)
			}
			if wp, ok := d.(interface{ Path() path.Path }); !ok || !wp.Path().Equal(p) {
				t.Errorf("error not on %s", p)
			}
		})
	}
}

func TestDescriptions(t *testing.T) {
	for v, want := range map[validator.String]string{
		JSON():       "must be a JSON document",
		JSONObject(): "must be a JSON object",
	} {
		if got := v.Description(t.Context()); got != want {
			t.Errorf("Description %q, want %q", got, want)
		}
		if got := v.MarkdownDescription(t.Context()); got != want {
			t.Errorf("MarkdownDescription %q, want %q", got, want)
		}
	}
}
