package resources

import (
	"context"
	"slices"
	"strings"
	"testing"

	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestRoutingProblems(t *testing.T) {
	tests := []struct {
		name       string
		version    string
		known      bool
		additional []string
		want       []string // substrings, one per problem
	}{
		{"no split", "1", true, nil, nil},
		{"one additional", "1", true, []string{"2"}, nil},
		{"two additional", "1", true, []string{"2", "3"}, []string{"at most two versions"}},
		{"latest with split", "$LATEST", true, []string{"2"}, []string{"not $LATEST"}},
		{"latest without split", "$LATEST", true, nil, nil},
		{"same version", "2", true, []string{"2"}, []string{"Version 2 is function_version"}},
		{"unknown version", "", false, []string{"2"}, nil},
		{"unknown version, too many", "", false, []string{"2", "3"}, []string{"at most two versions"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := routingProblems(tt.version, tt.known, tt.additional)
			if len(got) != len(tt.want) {
				t.Fatalf("problems = %q, want %d matching %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d = %q, want it to mention %q", i, got[i], w)
				}
			}
		})
	}
}

func TestParseAliasImportID(t *testing.T) {
	arn := "arn:aws:lambda:us-east-1:123456789012:function:f"
	tests := []struct {
		id, function, alias string
		ok                  bool
	}{
		{"f/live", "f", "live", true},
		{arn + "/live", arn, "live", true},
		{arn + ":live", "f", "live", true},
		{arn + ":3", "", "", false}, // a version ARN is not an alias
		{arn, "", "", false},
		{"f", "", "", false},
		{"/live", "", "", false},
		{"f/", "", "", false},
	}
	for _, tt := range tests {
		fn, alias, ok := parseAliasImportID(tt.id)
		if ok != tt.ok || (ok && (fn != tt.function || alias != tt.alias)) {
			t.Errorf("parseAliasImportID(%q) = %q, %q, %v; want %q, %q, %v", tt.id, fn, alias, ok, tt.function, tt.alias, tt.ok)
		}
	}
}

func routingList(t *testing.T, weights map[string]float64, block bool) types.List {
	t.Helper()
	if !block {
		return types.ListValueMust(aliasRoutingType, []attr.Value{})
	}
	m := types.MapNull(types.Float64Type)
	if weights != nil {
		m, _ = types.MapValueFrom(context.Background(), types.Float64Type, weights)
	}
	l, d := blockList(context.Background(), aliasRoutingType, &aliasRoutingModel{AdditionalVersionWeights: m})
	if d.HasError() {
		t.Fatal(d)
	}
	return l
}

func TestFlattenAliasRouting(t *testing.T) {
	ctx := context.Background()
	split := &lambdatypes.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"2": 0.1}}
	none := &lambdatypes.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{}}
	tests := []struct {
		name    string
		backend *lambdatypes.AliasRoutingConfiguration
		prior   types.List
		want    types.List
	}{
		{"no block, none on backend", nil, routingList(t, nil, false), routingList(t, nil, false)},
		{"import, none on backend", none, types.ListNull(aliasRoutingType), routingList(t, nil, false)},
		{"empty block kept", none, routingList(t, nil, true), routingList(t, nil, true)},
		{"empty map kept", nil, routingList(t, map[string]float64{}, true), routingList(t, map[string]float64{}, true)},
		{"weights gone out of band", none, routingList(t, map[string]float64{"2": 0.5}, true), routingList(t, map[string]float64{}, true)},
		{"weights set out of band", split, routingList(t, nil, false), routingList(t, map[string]float64{"2": 0.1}, true)},
		{"weights read", split, routingList(t, map[string]float64{"2": 0.5}, true), routingList(t, map[string]float64{"2": 0.1}, true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.Diagnostics
			got := flattenAliasRouting(ctx, tt.backend, tt.prior, &diags)
			if diags.HasError() || !got.Equal(tt.want) {
				t.Errorf("got %s (%v), want %s", got, diags, tt.want)
			}
		})
	}
}

func TestExpandAliasRoutingNeverNil(t *testing.T) {
	ctx := context.Background()
	var diags diag.Diagnostics
	for _, l := range []types.List{routingList(t, nil, false), routingList(t, nil, true), types.ListNull(aliasRoutingType)} {
		got := expandAliasRouting(ctx, l, &diags)
		if got == nil || got.AdditionalVersionWeights == nil || len(got.AdditionalVersionWeights) != 0 {
			t.Errorf("expandAliasRouting(%s) = %+v, want an empty, non-nil weight map (it clears a split)", l, got)
		}
	}
	got := expandAliasRouting(ctx, routingList(t, map[string]float64{"7": 0.3}, true), &diags)
	if keys := slicesOf(got.AdditionalVersionWeights); !slices.Equal(keys, []string{"7"}) || got.AdditionalVersionWeights["7"] != 0.3 {
		t.Errorf("expandAliasRouting = %v", got.AdditionalVersionWeights)
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
}

func slicesOf(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
