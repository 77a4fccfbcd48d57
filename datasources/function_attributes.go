package datasources

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func str(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, Description: desc}
}
func num(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, Description: desc}
}

// nested is a computed list holding one object, shaped like the resource's
// block of the same name so data.lambda_function.x.environment[0].variables
// works as with aws_lambda_function.
func nested(desc string, attrs map[string]schema.Attribute) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:     true,
		Description:  desc,
		NestedObject: schema.NestedAttributeObject{Attributes: attrs},
	}
}

func computedFunctionAttributes() map[string]schema.Attribute {
	strList := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{Computed: true, ElementType: types.StringType, Description: desc}
	}
	strSet := func(desc string) schema.SetAttribute {
		return schema.SetAttribute{Computed: true, ElementType: types.StringType, Description: desc}
	}
	return map[string]schema.Attribute{
		"id":                   str("The function name."),
		"arn":                  str("Unqualified ARN of the function."),
		"qualified_arn":        str("ARN qualified with version."),
		"invoke_arn":           str("API Gateway invoke ARN of the unqualified function."),
		"qualified_invoke_arn": str("API Gateway invoke ARN of qualified_arn."),
		"version":              str("With qualifier, the version read; without, the latest published version or `$LATEST`."),
		"role":                 str("ARN of the execution role."),
		"handler":              str("Entry point of the function."),
		"runtime":              str("Runtime identifier."),
		"package_type":         str("`Zip` or `Image`."),
		"description":          str("Description of the function."),
		"memory_size":          num("Memory in MB."),
		"timeout":              num("Timeout in seconds."),
		"architectures":        strList("Instruction set architectures."),
		"layers":               strList("ARNs of the attached layer versions."),
		"kms_key_arn":          str("KMS key encrypting environment variables, if not the service key."),
		"code_sha256":          str("Base64 SHA-256 of the deployment package."),
		"source_code_hash":     str("Same as code_sha256 (the AWS provider's historical name)."),
		"code_size":            num("Size of the deployment package in bytes."),
		"source_code_size":     num("Same as code_size."),
		"image_uri":            str("Container image URI of Image functions."),
		"last_modified":        str("When the function was last changed (ISO 8601)."),
		"revision_id":          str("Current revision of the function."),
		"state":                str("State of the function, such as `Active`."),
		"tags": schema.MapAttribute{
			Computed: true, ElementType: types.StringType, Description: "Tags of the function.",
		},
		"environment": nested("Environment of the function.", map[string]schema.Attribute{
			"variables": schema.MapAttribute{Computed: true, ElementType: types.StringType, Description: "Environment variables."},
		}),
		"ephemeral_storage":  nested("Size of /tmp.", map[string]schema.Attribute{"size": num("Size in MB.")}),
		"tracing_config":     nested("X-Ray tracing.", map[string]schema.Attribute{"mode": str("`Active` or `PassThrough`.")}),
		"dead_letter_config": nested("Dead-letter target, when set.", map[string]schema.Attribute{"target_arn": str("ARN of the queue or topic.")}),
		"logging_config": nested("Logging settings.", map[string]schema.Attribute{
			"log_format":            str("`Text` or `JSON`."),
			"log_group":             str("CloudWatch log group."),
			"application_log_level": str("Application log level (JSON format)."),
			"system_log_level":      str("System log level (JSON format)."),
		}),
		"vpc_config": nested("VPC attachment, when set.", map[string]schema.Attribute{
			"subnet_ids":                  strSet("Subnet IDs."),
			"security_group_ids":          strSet("Security group IDs."),
			"ipv6_allowed_for_dual_stack": schema.BoolAttribute{Computed: true, Description: "Whether outbound IPv6 is allowed."},
			"vpc_id":                      str("VPC ID."),
		}),
	}
}

// Object types of the nested attributes above.
var (
	strMap  = types.MapType{ElemType: types.StringType}
	strSetT = types.SetType{ElemType: types.StringType}
	envType = types.ObjectType{AttrTypes: map[string]attr.Type{"variables": strMap}}
	ephType = types.ObjectType{AttrTypes: map[string]attr.Type{"size": types.Int64Type}}
	trcType = types.ObjectType{AttrTypes: map[string]attr.Type{"mode": types.StringType}}
	dlcType = types.ObjectType{AttrTypes: map[string]attr.Type{"target_arn": types.StringType}}
	logType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"log_format": types.StringType, "log_group": types.StringType,
		"application_log_level": types.StringType, "system_log_level": types.StringType,
	}}
	vpcType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"subnet_ids": strSetT, "security_group_ids": strSetT,
		"ipv6_allowed_for_dual_stack": types.BoolType, "vpc_id": types.StringType,
	}}
)
