package datasources

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func one(t types.ObjectType, values map[string]attr.Value, diags *diag.Diagnostics) types.List {
	obj, d := types.ObjectValue(t.AttrTypes, values)
	diags.Append(d...)
	l, d := types.ListValue(t, []attr.Value{obj})
	diags.Append(d...)
	return l
}

func none(t types.ObjectType) types.List { return types.ListValueMust(t, []attr.Value{}) }

func flattenDataBlocks(ctx context.Context, c *lambdatypes.FunctionConfiguration, m *functionDataModel, diags *diag.Diagnostics) {
	vars := map[string]string{}
	if c.Environment != nil && c.Environment.Variables != nil {
		vars = c.Environment.Variables
	}
	m.Environment = one(envType, map[string]attr.Value{
		"variables": fromValue(ctx, types.MapValueFrom, types.StringType, vars, diags),
	}, diags)

	size := int64(512)
	if c.EphemeralStorage != nil && c.EphemeralStorage.Size != nil {
		size = int64(*c.EphemeralStorage.Size)
	}
	m.EphemeralStorage = one(ephType, map[string]attr.Value{"size": types.Int64Value(size)}, diags)

	mode := string(lambdatypes.TracingModePassThrough)
	if c.TracingConfig != nil && c.TracingConfig.Mode != "" {
		mode = string(c.TracingConfig.Mode)
	}
	m.TracingConfig = one(trcType, map[string]attr.Value{"mode": types.StringValue(mode)}, diags)

	m.DeadLetterConfig = none(dlcType)
	if c.DeadLetterConfig != nil && aws.ToString(c.DeadLetterConfig.TargetArn) != "" {
		m.DeadLetterConfig = one(dlcType, map[string]attr.Value{"target_arn": types.StringValue(*c.DeadLetterConfig.TargetArn)}, diags)
	}

	m.LoggingConfig = none(logType)
	if l := c.LoggingConfig; l != nil {
		m.LoggingConfig = one(logType, map[string]attr.Value{
			"log_format":            types.StringValue(string(l.LogFormat)),
			"log_group":             types.StringValue(aws.ToString(l.LogGroup)),
			"application_log_level": types.StringValue(string(l.ApplicationLogLevel)),
			"system_log_level":      types.StringValue(string(l.SystemLogLevel)),
		}, diags)
	}

	m.VPCConfig = none(vpcType)
	if v := c.VpcConfig; v != nil && (len(v.SubnetIds) > 0 || len(v.SecurityGroupIds) > 0) {
		m.VPCConfig = one(vpcType, map[string]attr.Value{
			"subnet_ids":                  fromValue(ctx, types.SetValueFrom, types.StringType, v.SubnetIds, diags),
			"security_group_ids":          fromValue(ctx, types.SetValueFrom, types.StringType, v.SecurityGroupIds, diags),
			"ipv6_allowed_for_dual_stack": types.BoolValue(aws.ToBool(v.Ipv6AllowedForDualStack)),
			"vpc_id":                      types.StringValue(aws.ToString(v.VpcId)),
		}, diags)
	}
}
