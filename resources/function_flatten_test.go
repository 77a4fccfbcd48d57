package resources

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func configuredBlock(t types.ObjectType, values map[string]attr.Value) types.List {
	return types.ListValueMust(t, []attr.Value{types.ObjectValueMust(t.AttrTypes, values)})
}

// An unconfigured block stays absent while the backend reports AWS's
// default, but appears (as drift) when the backend's value differs.
func TestFlattenBlocksOnlyWhenConfiguredOrDrifted(t *testing.T) {
	ctx := context.Background()
	none := functionModel{
		Environment: types.ListValueMust(environmentType, nil), EphemeralStorage: types.ListValueMust(ephemeralStorageType, nil),
		TracingConfig: types.ListValueMust(tracingConfigType, nil), LoggingConfig: types.ListValueMust(loggingConfigType, nil),
		VPCConfig: types.ListValueMust(vpcConfigType, nil), DeadLetterConfig: types.ListValueMust(deadLetterConfigType, nil),
	}
	configured := none
	configured.TracingConfig = configuredBlock(tracingConfigType, map[string]attr.Value{"mode": types.StringValue("PassThrough")})
	configured.EphemeralStorage = configuredBlock(ephemeralStorageType, map[string]attr.Value{"size": types.Int64Value(512)})

	defaults := &lambdatypes.FunctionConfiguration{
		FunctionName:     aws.String("f"),
		TracingConfig:    &lambdatypes.TracingConfigResponse{Mode: lambdatypes.TracingModePassThrough},
		EphemeralStorage: &lambdatypes.EphemeralStorage{Size: aws.Int32(512)},
		LoggingConfig:    &lambdatypes.LoggingConfig{LogFormat: lambdatypes.LogFormatText, LogGroup: aws.String("/aws/lambda/f")},
		Environment:      &lambdatypes.EnvironmentResponse{},
	}
	drifted := *defaults
	drifted.TracingConfig = &lambdatypes.TracingConfigResponse{Mode: lambdatypes.TracingModeActive}
	drifted.EphemeralStorage = &lambdatypes.EphemeralStorage{Size: aws.Int32(1024)}
	drifted.LoggingConfig = &lambdatypes.LoggingConfig{LogFormat: lambdatypes.LogFormatJson, LogGroup: aws.String("/aws/lambda/f")}
	drifted.Environment = &lambdatypes.EnvironmentResponse{Variables: map[string]string{"X": "1"}}

	tests := []struct {
		name                                   string
		api                                    *lambdatypes.FunctionConfiguration
		prior                                  functionModel
		tracing, storage, logging, environment int
	}{
		{"defaults, unconfigured", defaults, none, 0, 0, 0, 0},
		{"defaults, configured", defaults, configured, 1, 1, 0, 0},
		{"drifted, unconfigured", &drifted, none, 1, 1, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m functionModel
			var diags diag.Diagnostics
			flattenBlocks(ctx, tt.api, tt.prior, &m, &diags)
			if diags.HasError() {
				t.Fatal(diags)
			}
			got := []int{len(m.TracingConfig.Elements()), len(m.EphemeralStorage.Elements()), len(m.LoggingConfig.Elements()), len(m.Environment.Elements())}
			want := []int{tt.tracing, tt.storage, tt.logging, tt.environment}
			for i := range got {
				if got[i] != want[i] || m.VPCConfig.IsNull() {
					t.Fatalf("blocks (tracing, storage, logging, environment) = %v, want %v", got, want)
				}
			}
		})
	}
}

func TestFlattenTags(t *testing.T) {
	ctx := context.Background()
	strs := func(kv map[string]string) types.Map {
		return types.MapValueMust(types.StringType, func() map[string]attr.Value {
			out := map[string]attr.Value{}
			for k, v := range kv {
				out[k] = types.StringValue(v)
			}
			return out
		}())
	}
	defaults := map[string]string{"project": "lf", "env": "prod"}
	tests := []struct {
		name  string
		all   map[string]string
		prior types.Map
		want  types.Map
	}{
		{"only defaults, no tags written", map[string]string{"project": "lf"}, types.MapNull(types.StringType), types.MapNull(types.StringType)},
		{"own tag overriding a default", map[string]string{"project": "lf", "env": "dev"}, strs(map[string]string{"env": "dev"}), strs(map[string]string{"env": "dev"})},
		{"own tag equal to a default stays", map[string]string{"env": "prod"}, strs(map[string]string{"env": "prod"}), strs(map[string]string{"env": "prod"})},
		{"tag added out of band shows", map[string]string{"project": "lf", "rogue": "1"}, types.MapNull(types.StringType), strs(map[string]string{"rogue": "1"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.Diagnostics
			got := flattenTags(ctx, tt.all, tt.prior, defaults, &diags)
			if diags.HasError() || !got.Equal(tt.want) {
				t.Fatalf("got %v (%v), want %v", got, diags, tt.want)
			}
		})
	}
}

func TestDiffFunctionPublish(t *testing.T) {
	// Typed nulls: zero-value lists carry no element type and never compare equal.
	base := functionModel{
		Publish: types.BoolValue(true), Description: types.StringValue("a"),
		Architectures: types.ListNull(types.StringType), Layers: types.ListNull(types.StringType),
		TagsAll:     types.MapNull(types.StringType),
		Environment: types.ListNull(environmentType), EphemeralStorage: types.ListNull(ephemeralStorageType),
		DeadLetterConfig: types.ListNull(deadLetterConfigType), TracingConfig: types.ListNull(tracingConfigType),
		VPCConfig: types.ListNull(vpcConfigType), LoggingConfig: types.ListNull(loggingConfigType),
	}
	changed := base
	changed.Description = types.StringValue("b")
	off := base
	off.Publish = types.BoolValue(false)
	tests := []struct {
		name        string
		plan, state functionModel
		publish     bool
	}{
		{"no change, already publishing", base, base, false},
		{"configuration change", changed, base, true},
		{"publish turned on", base, off, true},
		{"publish turned off", off, base, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := diffFunction(tt.plan, tt.state).publish; got != tt.publish {
				t.Fatalf("publish = %v, want %v", got, tt.publish)
			}
		})
	}
}
