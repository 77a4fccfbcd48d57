package conn

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

func TestFromProviderData(t *testing.T) {
	client := &Client{Backend: BackendLocal}
	tests := []struct {
		name    string
		data    any
		want    *Client
		wantErr bool
	}{
		{"not configured yet", nil, nil, false},
		{"client", client, client, false},
		{"wrong type", "x", nil, true},
	}
	for _, tc := range tests {
		var diags diag.Diagnostics
		got := FromProviderData(tc.data, &diags)
		if got != tc.want || diags.HasError() != tc.wantErr {
			t.Errorf("%s: got %v, errors %v", tc.name, got, diags)
		}
	}
}
