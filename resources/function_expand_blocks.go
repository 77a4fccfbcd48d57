package resources

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Each expand function returns the block's API shape. When the block is
// absent it returns nil, or with reset AWS's default value, which is what an
// update must send to undo a removed block.

func expandEnvironment(ctx context.Context, m functionModel, reset bool, diags *diag.Diagnostics) *types.Environment {
	b, ok, d := firstBlock[environmentModel](ctx, m.Environment)
	diags.Append(d...)
	if !ok {
		if reset {
			return &types.Environment{Variables: map[string]string{}}
		}
		return nil
	}
	return &types.Environment{Variables: mapOf(ctx, b.Variables, diags)}
}

func expandEphemeralStorage(ctx context.Context, m functionModel, reset bool, diags *diag.Diagnostics) *types.EphemeralStorage {
	b, ok, d := firstBlock[ephemeralStorageModel](ctx, m.EphemeralStorage)
	diags.Append(d...)
	switch {
	case ok:
		return &types.EphemeralStorage{Size: aws.Int32(int32(b.Size.ValueInt64()))}
	case reset:
		return &types.EphemeralStorage{Size: aws.Int32(defaultEphemeralStorage)}
	}
	return nil
}

func expandDeadLetterConfig(ctx context.Context, m functionModel, reset bool, diags *diag.Diagnostics) *types.DeadLetterConfig {
	b, ok, d := firstBlock[deadLetterConfigModel](ctx, m.DeadLetterConfig)
	diags.Append(d...)
	switch {
	case ok:
		return &types.DeadLetterConfig{TargetArn: b.TargetARN.ValueStringPointer()}
	case reset:
		return &types.DeadLetterConfig{TargetArn: aws.String("")}
	}
	return nil
}

func expandTracingConfig(ctx context.Context, m functionModel, reset bool, diags *diag.Diagnostics) *types.TracingConfig {
	b, ok, d := firstBlock[tracingConfigModel](ctx, m.TracingConfig)
	diags.Append(d...)
	switch {
	case ok:
		return &types.TracingConfig{Mode: types.TracingMode(b.Mode.ValueString())}
	case reset:
		return &types.TracingConfig{Mode: types.TracingModePassThrough}
	}
	return nil
}

func expandVPCConfig(ctx context.Context, m functionModel, reset bool, diags *diag.Diagnostics) *types.VpcConfig {
	b, ok, d := firstBlock[vpcConfigModel](ctx, m.VPCConfig)
	diags.Append(d...)
	switch {
	case ok:
		return &types.VpcConfig{
			SubnetIds:               stringsOf(ctx, b.SubnetIDs, diags),
			SecurityGroupIds:        stringsOf(ctx, b.SecurityGroupIDs, diags),
			Ipv6AllowedForDualStack: aws.Bool(b.IPv6AllowedForDualStack.ValueBool()),
		}
	case reset:
		return &types.VpcConfig{SubnetIds: []string{}, SecurityGroupIds: []string{}}
	}
	return nil
}

func expandLoggingConfig(ctx context.Context, m functionModel, reset bool, diags *diag.Diagnostics) *types.LoggingConfig {
	b, ok, d := firstBlock[loggingConfigModel](ctx, m.LoggingConfig)
	diags.Append(d...)
	if !ok {
		if reset {
			return &types.LoggingConfig{
				LogFormat: types.LogFormatText,
				LogGroup:  aws.String(defaultLogGroup(m.FunctionName.ValueString())),
			}
		}
		return nil
	}
	out := &types.LoggingConfig{LogFormat: types.LogFormat(b.LogFormat.ValueString())}
	if v := b.LogGroup.ValueString(); v != "" {
		out.LogGroup = aws.String(v)
	}
	// AWS rejects log levels with the Text format.
	if out.LogFormat == types.LogFormatJson {
		out.ApplicationLogLevel = types.ApplicationLogLevel(b.ApplicationLogLevel.ValueString())
		out.SystemLogLevel = types.SystemLogLevel(b.SystemLogLevel.ValueString())
	}
	return out
}

func defaultLogGroup(functionName string) string {
	return "/aws/lambda/" + functionName
}
