package resources

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type lambdaConfig = *lambdatypes.FunctionConfiguration

// flattenBlocks fills the configuration blocks. The API reports tracing,
// ephemeral storage and logging on every function; a block is written only
// when it was configured (present in prior) or when the backend's value
// differs from AWS's default, so real drift still shows.
func flattenBlocks(ctx context.Context, c lambdaConfig, prior functionModel, m *functionModel, diags *diag.Diagnostics) {
	set := func(dst *types.List, l types.List, d diag.Diagnostics) {
		diags.Append(d...)
		*dst = l
	}
	l, d := blockList(ctx, environmentType, flattenEnvironment(ctx, c, prior, diags))
	set(&m.Environment, l, d)
	l, d = blockList(ctx, ephemeralStorageType, flattenEphemeralStorage(c, prior))
	set(&m.EphemeralStorage, l, d)
	l, d = blockList(ctx, deadLetterConfigType, flattenDeadLetterConfig(c))
	set(&m.DeadLetterConfig, l, d)
	l, d = blockList(ctx, tracingConfigType, flattenTracingConfig(c, prior))
	set(&m.TracingConfig, l, d)
	l, d = blockList(ctx, vpcConfigType, flattenVPCConfig(ctx, c, prior, diags))
	set(&m.VPCConfig, l, d)
	l, d = blockList(ctx, loggingConfigType, flattenLoggingConfig(c, prior))
	set(&m.LoggingConfig, l, d)
}

func flattenEnvironment(ctx context.Context, c lambdaConfig, prior functionModel, diags *diag.Diagnostics) *environmentModel {
	var vars map[string]string
	if c.Environment != nil {
		vars = c.Environment.Variables
	}
	if len(vars) > 0 {
		return &environmentModel{Variables: mapFrom(ctx, vars, diags)}
	}
	p, ok, d := firstBlock[environmentModel](ctx, prior.Environment)
	diags.Append(d...)
	if !ok {
		return nil
	}
	// Keep `environment {}` as written; variables removed out of band show as {}.
	if p.Variables.IsNull() {
		return &environmentModel{Variables: types.MapNull(types.StringType)}
	}
	return &environmentModel{Variables: mapFrom(ctx, map[string]string{}, diags)}
}

func flattenEphemeralStorage(c lambdaConfig, prior functionModel) *ephemeralStorageModel {
	size := int64(defaultEphemeralStorage)
	if c.EphemeralStorage != nil && c.EphemeralStorage.Size != nil {
		size = int64(*c.EphemeralStorage.Size)
	}
	if !hasBlock(prior.EphemeralStorage) && size == defaultEphemeralStorage {
		return nil
	}
	return &ephemeralStorageModel{Size: types.Int64Value(size)}
}

func flattenDeadLetterConfig(c lambdaConfig) *deadLetterConfigModel {
	if c.DeadLetterConfig == nil || aws.ToString(c.DeadLetterConfig.TargetArn) == "" {
		return nil
	}
	return &deadLetterConfigModel{TargetARN: types.StringValue(*c.DeadLetterConfig.TargetArn)}
}

func flattenTracingConfig(c lambdaConfig, prior functionModel) *tracingConfigModel {
	mode := defaultTracingMode
	if c.TracingConfig != nil && c.TracingConfig.Mode != "" {
		mode = string(c.TracingConfig.Mode)
	}
	if !hasBlock(prior.TracingConfig) && mode == defaultTracingMode {
		return nil
	}
	return &tracingConfigModel{Mode: types.StringValue(mode)}
}

func flattenVPCConfig(ctx context.Context, c lambdaConfig, prior functionModel, diags *diag.Diagnostics) *vpcConfigModel {
	v := c.VpcConfig
	if v == nil {
		v = &lambdatypes.VpcConfigResponse{}
	}
	if !hasBlock(prior.VPCConfig) && len(v.SubnetIds) == 0 && len(v.SecurityGroupIds) == 0 {
		return nil
	}
	subnets, d := types.SetValueFrom(ctx, types.StringType, orEmptySlice(v.SubnetIds))
	diags.Append(d...)
	groups, d := types.SetValueFrom(ctx, types.StringType, orEmptySlice(v.SecurityGroupIds))
	diags.Append(d...)
	return &vpcConfigModel{
		SubnetIDs:               subnets,
		SecurityGroupIDs:        groups,
		IPv6AllowedForDualStack: types.BoolValue(aws.ToBool(v.Ipv6AllowedForDualStack)),
		VPCID:                   types.StringValue(aws.ToString(v.VpcId)),
	}
}

func flattenLoggingConfig(c lambdaConfig, prior functionModel) *loggingConfigModel {
	name := aws.ToString(c.FunctionName)
	l := c.LoggingConfig
	if l == nil {
		l = &lambdatypes.LoggingConfig{}
	}
	format := orDefault(string(l.LogFormat), defaultLogFormat)
	group := orDefault(aws.ToString(l.LogGroup), defaultLogGroup(name))
	isDefault := format == defaultLogFormat && group == defaultLogGroup(name) &&
		l.ApplicationLogLevel == "" && l.SystemLogLevel == ""
	if !hasBlock(prior.LoggingConfig) && isDefault {
		return nil
	}
	return &loggingConfigModel{
		LogFormat:           types.StringValue(format),
		LogGroup:            types.StringValue(group),
		ApplicationLogLevel: types.StringValue(string(l.ApplicationLogLevel)),
		SystemLogLevel:      types.StringValue(string(l.SystemLogLevel)),
	}
}

func orEmptySlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
