package resources

import (
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	tftypes "github.com/hashicorp/terraform-plugin-framework/types"
)

func pathRoot(name string) path.Expression { return path.MatchRoot(name) }

// atMostOne is the shape of every configuration block: a list of at most one
// element, as aws_lambda_function declares them, so its HCL ports unchanged.
func atMostOne(desc string, attrs map[string]schema.Attribute) schema.ListNestedBlock {
	return schema.ListNestedBlock{
		Description:  desc,
		Validators:   []validator.List{listvalidator.SizeAtMost(1)},
		NestedObject: schema.NestedBlockObject{Attributes: attrs},
	}
}

func environmentBlock() schema.Block {
	return atMostOne("Environment variables of the function.", map[string]schema.Attribute{
		"variables": schema.MapAttribute{
			Optional:    true,
			ElementType: tftypes.StringType,
			Description: "Map of environment variable names to values.",
		},
	})
}

func ephemeralStorageBlock() schema.Block {
	return atMostOne("Size of the function's /tmp. Without the block the function gets AWS's default of 512 MB.", map[string]schema.Attribute{
		"size": schema.Int64Attribute{
			Optional:    true,
			Computed:    true,
			Default:     int64default.StaticInt64(defaultEphemeralStorage),
			Description: "Size of /tmp in MB, 512 to 10240. Defaults to 512.",
			Validators:  []validator.Int64{int64validator.Between(512, 10240)},
		},
	})
}

func deadLetterConfigBlock() schema.Block {
	return atMostOne("Where asynchronous invocations that failed every attempt are sent.", map[string]schema.Attribute{
		"target_arn": schema.StringAttribute{
			Required:    true,
			Description: "ARN of an SQS queue or SNS topic.",
			Validators:  []validator.String{arnValidator("an SQS queue or SNS topic")},
		},
	})
}

func tracingConfigBlock() schema.Block {
	return atMostOne("X-Ray tracing. Without the block the function uses AWS's default, PassThrough.", map[string]schema.Attribute{
		"mode": schema.StringAttribute{
			Required:    true,
			Description: "`Active` or `PassThrough`.",
			Validators:  []validator.String{stringvalidator.OneOf(enumStrings(types.TracingMode("").Values())...)},
		},
	})
}

func vpcConfigBlock() schema.Block {
	return atMostOne("Connects the function to a VPC (aws backend).", map[string]schema.Attribute{
		"subnet_ids": schema.SetAttribute{
			Required:    true,
			ElementType: tftypes.StringType,
			Description: "IDs of the subnets the function's network interfaces are placed in.",
		},
		"security_group_ids": schema.SetAttribute{
			Required:    true,
			ElementType: tftypes.StringType,
			Description: "IDs of the security groups of the function's network interfaces.",
		},
		"ipv6_allowed_for_dual_stack": schema.BoolAttribute{
			Optional:    true,
			Computed:    true,
			Default:     booldefault.StaticBool(false),
			Description: "Allow outbound IPv6 traffic in dual-stack subnets. Defaults to false.",
		},
		"vpc_id": schema.StringAttribute{
			Computed:      true,
			Description:   "ID of the VPC the subnets belong to.",
			PlanModifiers: []planmodifier.String{useStateUnlessSiblingChanged[tftypes.Set]("subnet_ids")},
		},
	})
}

func loggingConfigBlock() schema.Block {
	return atMostOne("Log format and destination. Without the block the function logs Text to /aws/lambda/FUNCTION_NAME.", map[string]schema.Attribute{
		"log_format": schema.StringAttribute{
			Required:    true,
			Description: "`Text` or `JSON`.",
			Validators:  []validator.String{stringvalidator.OneOf(enumStrings(types.LogFormat("").Values())...)},
		},
		"log_group": schema.StringAttribute{
			Optional:      true,
			Computed:      true,
			Description:   "CloudWatch log group. Defaults to /aws/lambda/FUNCTION_NAME.",
			PlanModifiers: []planmodifier.String{useBlockState()},
		},
		// AWS fills the levels in (INFO) only for JSON, so an unset level is
		// kept from state unless log_format changes: no perpetual diff (the
		// AWS provider's issue #33383) and no stale value after a switch.
		"application_log_level": schema.StringAttribute{
			Optional:      true,
			Computed:      true,
			Description:   "Minimum application log level with JSON format: TRACE, DEBUG, INFO, WARN, ERROR or FATAL.",
			PlanModifiers: []planmodifier.String{useStateUnlessSiblingChanged[tftypes.String]("log_format")},
			Validators:    []validator.String{stringvalidator.OneOf(enumStrings(types.ApplicationLogLevel("").Values())...)},
		},
		"system_log_level": schema.StringAttribute{
			Optional:      true,
			Computed:      true,
			Description:   "Minimum system log level with JSON format: DEBUG, INFO or WARN.",
			PlanModifiers: []planmodifier.String{useStateUnlessSiblingChanged[tftypes.String]("log_format")},
			Validators:    []validator.String{stringvalidator.OneOf(enumStrings(types.SystemLogLevel("").Values())...)},
		},
	})
}
