// Package validators holds the attribute validators shared by the resources
// and data sources.
package validators

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// JSON requires a string to be one JSON document.
func JSON() validator.String { return jsonValidator{} }

// JSONObject requires a string to be one JSON object.
func JSONObject() validator.String { return jsonValidator{object: true} }

// jsonValidator requires a string to be one JSON document, or with object
// set, one JSON object.
type jsonValidator struct{ object bool }

func (v jsonValidator) Description(context.Context) string {
	if v.object {
		return "must be a JSON object"
	}
	return "must be a JSON document"
}

func (v jsonValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v jsonValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var doc any
	err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &doc)
	if _, isObject := doc.(map[string]any); err == nil && v.object && !isObject {
		err = fmt.Errorf("got %s", jsonKind(doc))
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON", "The value "+v.Description(ctx)+": "+err.Error())
	}
}

// jsonKind names the kind of a decoded JSON value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	default:
		return "an object"
	}
}
