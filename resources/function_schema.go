package resources

import (
	"context"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	tftypes "github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// AWS's defaults for arguments the API always reports. Read only writes the
// corresponding block into state when it was configured or the backend's
// value differs from these, so unconfigured blocks never show a diff.
const (
	defaultMemorySize       = 128
	defaultTimeout          = 3
	defaultEphemeralStorage = 512
	defaultArchitecture     = string(types.ArchitectureX8664)
	defaultTracingMode      = string(types.TracingModePassThrough)
	defaultLogFormat        = string(types.LogFormatText)
)

var (
	functionNameRe = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
	roleARNRe      = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-/]+$`)
	arnRe          = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$`)
)

func arnValidator(what string) validator.String {
	return stringvalidator.RegexMatches(arnRe, "must be "+what+" ARN")
}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func functionSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Manages a function on AWS Lambda or on a Lambdaform engine. Arguments follow " +
			"`aws_lambda_function`, so existing configurations port by renaming the resource type.\n\n" +
			"Unlike `aws_lambda_function`, `code_sha256` is refreshed from the backend and compared with the " +
			"hash of `filename` at plan time: code changed outside Terraform is detected and redeployed, and " +
			"a matching package never produces a diff.",
		Attributes: functionAttributes(),
		Blocks:     functionBlocks(ctx),
	}
}

func functionAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:      true,
			Description:   "The function name; the import identifier.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"function_name": schema.StringAttribute{
			Required:      true,
			Description:   "Name of the function: 1 to 64 letters, digits, hyphens or underscores. Changing it replaces the function.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			Validators: []validator.String{
				stringvalidator.LengthBetween(1, 64),
				stringvalidator.RegexMatches(functionNameRe, "may contain only letters, digits, hyphens and underscores"),
			},
		},
		"role": schema.StringAttribute{
			Required:    true,
			Description: "ARN of the function's execution role. Right after the role is created AWS may refuse it for a while; creation and updates retry that error until the timeout.",
			Validators:  []validator.String{stringvalidator.RegexMatches(roleARNRe, "must be an IAM role ARN")},
		},
		"handler": schema.StringAttribute{
			Optional:    true,
			Description: "Entry point in the package, such as `lambda_function.handler`. Required for Zip packages.",
			Validators:  []validator.String{stringvalidator.LengthBetween(1, 128)},
		},
		"runtime": schema.StringAttribute{
			Optional:    true,
			Description: "Runtime identifier, such as `python3.12`. Required for Zip packages.",
			Validators:  []validator.String{stringvalidator.OneOf(enumStrings(types.Runtime("").Values())...)},
		},
		"package_type": schema.StringAttribute{
			Optional:      true,
			Computed:      true,
			Default:       stringdefault.StaticString(string(types.PackageTypeZip)),
			Description:   "`Zip` (default) or `Image`. Changing it replaces the function.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			Validators:    []validator.String{stringvalidator.OneOf(enumStrings(types.PackageType("").Values())...)},
		},
		"description": schema.StringAttribute{
			Optional:    true,
			Computed:    true,
			Default:     stringdefault.StaticString(""),
			Description: "Description of the function, at most 256 characters.",
			Validators:  []validator.String{stringvalidator.LengthAtMost(256)},
		},
		"memory_size": schema.Int64Attribute{
			Optional:    true,
			Computed:    true,
			Default:     int64default.StaticInt64(defaultMemorySize),
			Description: "Memory in MB available to the function, 128 to 10240. Defaults to 128.",
			Validators:  []validator.Int64{int64validator.Between(128, 10240)},
		},
		"timeout": schema.Int64Attribute{
			Optional:    true,
			Computed:    true,
			Default:     int64default.StaticInt64(defaultTimeout),
			Description: "Maximum run time of one invocation in seconds, 1 to 900. Defaults to 3.",
			Validators:  []validator.Int64{int64validator.Between(1, 900)},
		},
		"architectures": schema.ListAttribute{
			Optional:    true,
			Computed:    true,
			ElementType: tftypes.StringType,
			Default:     listdefault.StaticValue(stringList(defaultArchitecture)),
			Description: "Instruction set: a list of exactly one of `x86_64` (default) or `arm64`. A change redeploys the code.",
			Validators: []validator.List{
				listvalidator.SizeBetween(1, 1),
				listvalidator.ValueStringsAre(stringvalidator.OneOf(enumStrings(types.Architecture("").Values())...)),
			},
		},
		"kms_key_arn": schema.StringAttribute{
			Optional:    true,
			Description: "ARN of the KMS key that encrypts environment variables. Unset means Lambda's service key.",
			Validators:  []validator.String{arnValidator("a KMS key")},
		},
		"layers": schema.ListAttribute{
			Optional:    true,
			ElementType: tftypes.StringType,
			Description: "ARNs of up to 5 layer versions, in order.",
			Validators: []validator.List{
				listvalidator.SizeAtMost(5),
				listvalidator.ValueStringsAre(arnValidator("a layer version")),
			},
		},
		"publish": schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(false),
			Description: "Publish a new version on creation and whenever code or configuration changes (or publish turns on). " +
				"Versions are never deleted. Defaults to false.",
		},
		"tags": schema.MapAttribute{
			Optional:    true,
			ElementType: tftypes.StringType,
			Description: "Tags of the function. Merged over the provider's default_tags.",
		},
		"tags_all": schema.MapAttribute{
			Computed:    true,
			ElementType: tftypes.StringType,
			Description: "All tags of the function: the provider's default_tags overlaid with tags.",
		},
	}
	for k, v := range codeAttributes() {
		attrs[k] = v
	}
	for k, v := range computedAttributes() {
		attrs[k] = v
	}
	return attrs
}

func codeAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"filename": schema.StringAttribute{
			Optional: true,
			Description: "Path of the zip deployment package. Its SHA-256 is compared with the deployed code at plan " +
				"time, so editing the file is enough to redeploy. Exactly one of filename, s3_bucket or image_uri. " +
				"Not read back on import.",
		},
		"s3_bucket": schema.StringAttribute{
			Optional:    true,
			Description: "S3 bucket of the deployment package (aws backend; the local engine rejects S3 code). Requires s3_key.",
			Validators:  []validator.String{stringvalidator.AlsoRequires(pathRoot("s3_key"))},
		},
		"s3_key": schema.StringAttribute{
			Optional:    true,
			Description: "S3 key of the deployment package. Requires s3_bucket.",
			Validators:  []validator.String{stringvalidator.AlsoRequires(pathRoot("s3_bucket"))},
		},
		"s3_object_version": schema.StringAttribute{
			Optional:    true,
			Description: "Version of the S3 object of the deployment package. Requires s3_bucket.",
			Validators:  []validator.String{stringvalidator.AlsoRequires(pathRoot("s3_bucket"))},
		},
		"image_uri": schema.StringAttribute{
			Optional:    true,
			Description: "URI of a container image in ECR (aws backend; requires package_type = \"Image\").",
		},
		"source_code_hash": schema.StringAttribute{
			Optional: true,
			Description: "Any string; changing it from one value to another forces a code update. Never overwritten " +
				"from the backend. Rarely needed: code_sha256 already tracks the package content.",
		},
		"code_sha256": schema.StringAttribute{
			Optional: true,
			Computed: true,
			Description: "Base64 SHA-256 of the deployed package as the backend reports it. With filename it is " +
				"planned as the file's hash (filebase64sha256), so a difference from the deployed code shows as a " +
				"change and redeploys. Set it with s3_* to redeploy when the object's content changes.",
		},
	}
}

func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:      true,
		Description:   desc,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func computedInt64(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Computed:      true,
		Description:   desc,
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

// computedAttributes keep their state value in plans; ModifyPlan marks them
// unknown only when the apply will change them, so no-op plans stay empty.
func computedAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"arn":                  computedString("ARN of the function (unqualified)."),
		"invoke_arn":           computedString("ARN for invoking the function from API Gateway (`arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations`)."),
		"qualified_arn":        computedString("ARN of the latest published version (`ARN:VERSION`), or `ARN:$LATEST` when none was published."),
		"qualified_invoke_arn": computedString("API Gateway invoke ARN of qualified_arn."),
		"version":              computedString("Latest published version, or `$LATEST` when none was published."),
		"last_modified":        computedString("When the function was last changed (ISO 8601)."),
		"revision_id":          computedString("Revision of the function's code and configuration, changing on every update."),
		"state":                computedString("State of the function, such as `Active`."),
		"code_size":            computedInt64("Size of the deployed package in bytes."),
		"source_code_size":     computedInt64("Size of the deployed package in bytes (the AWS provider's name for code_size)."),
	}
}

func stringList(values ...string) basetypes.ListValue {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = tftypes.StringValue(v)
	}
	return tftypes.ListValueMust(tftypes.StringType, elems)
}

func functionBlocks(ctx context.Context) map[string]schema.Block {
	return map[string]schema.Block{
		"environment":        environmentBlock(),
		"ephemeral_storage":  ephemeralStorageBlock(),
		"dead_letter_config": deadLetterConfigBlock(),
		"tracing_config":     tracingConfigBlock(),
		"vpc_config":         vpcConfigBlock(),
		"logging_config":     loggingConfigBlock(),
		"timeouts": timeouts.Block(ctx, timeouts.Opts{
			Create: true, Update: true, Delete: true,
		}),
	}
}
