package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
)

// Defaults for the local backend; they match `lambdaform serve`.
const (
	defaultEndpoint = "http://127.0.0.1:9001"
	defaultRegion   = "us-east-1"
)

func providerSchema() schema.Schema {
	return schema.Schema{
		Description: "Deploys AWS-Lambda-style functions either to AWS Lambda or to a local Lambdaform engine, " +
			"which serves AWS Lambda's own API. The same configuration works against both backends.",
		Attributes: map[string]schema.Attribute{
			"backend": schema.StringAttribute{
				Optional: true,
				Description: `Where functions live: "local" (a Lambdaform engine at endpoint) or "aws" (AWS Lambda). ` +
					`Defaults to the LAMBDAFORM_BACKEND environment variable, else "local".`,
				Validators: []validator.String{stringvalidator.OneOf(conn.BackendLocal, conn.BackendAWS)},
			},
			"endpoint": schema.StringAttribute{
				Optional: true,
				Description: "Base URL of the Lambda API. For the local backend it defaults to the LAMBDAFORM_ENDPOINT " +
					"environment variable, else " + defaultEndpoint + ". For the aws backend it overrides the regional " +
					"AWS endpoint (for example a VPC endpoint); leave it unset to use AWS's.",
			},
			"region": schema.StringAttribute{
				Optional: true,
				Description: "Region to manage functions in. Defaults to AWS_REGION, then AWS_DEFAULT_REGION, then (aws) " +
					"the shared config profile's region. Required for the aws backend; the local backend defaults to " +
					defaultRegion + ".",
			},
			"profile": schema.StringAttribute{
				Optional:    true,
				Description: "Named profile of the AWS shared configuration files to take credentials and region from (aws backend). Defaults to AWS_PROFILE.",
			},
			"shared_config_files": schema.ListAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Description: "Paths of AWS shared config files (aws backend). Defaults to ~/.aws/config.",
			},
			"shared_credentials_files": schema.ListAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Description: "Paths of AWS shared credentials files (aws backend). Defaults to ~/.aws/credentials.",
			},
			"access_key": schema.StringAttribute{
				Optional: true,
				Description: "Static access key ID. For aws it takes precedence over the default credential chain. " +
					"For local it is used to sign requests, which an engine started with keys verifies; " +
					"without it the environment's AWS_ACCESS_KEY_ID, else a fixed dummy key, is used.",
				Validators: []validator.String{stringvalidator.AlsoRequires(pathExpr("secret_key"))},
			},
			"secret_key": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "Static secret access key paired with access_key.",
				Validators:  []validator.String{stringvalidator.AlsoRequires(pathExpr("access_key"))},
			},
			"token": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "Session token for temporary static credentials (with access_key and secret_key).",
				Validators:  []validator.String{stringvalidator.AlsoRequires(pathExpr("access_key"))},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				Description: "How many times a failed API call that the AWS SDK deems retryable (throttling, 5xx, " +
					"network errors) is retried. Defaults to the SDK's standard retryer (2 retries).",
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
		},
		Blocks: map[string]schema.Block{
			"assume_role":  assumeRoleBlock(),
			"default_tags": defaultTagsBlock(),
			"local":        localBlock(),
		},
	}
}

func assumeRoleBlock() schema.Block {
	return schema.ListNestedBlock{
		Description: "Assume this IAM role (aws backend) with the credentials found otherwise, through STS AssumeRole.",
		Validators:  []validator.List{listvalidator.SizeAtMost(1)},
		NestedObject: schema.NestedBlockObject{
			Attributes: map[string]schema.Attribute{
				"role_arn": schema.StringAttribute{
					Required:    true,
					Description: "ARN of the role to assume.",
				},
				"session_name": schema.StringAttribute{
					Optional:    true,
					Description: "Session name recorded in CloudTrail. Defaults to one chosen by the AWS SDK.",
				},
				"external_id": schema.StringAttribute{
					Optional:    true,
					Description: "External ID the role's trust policy requires, if any.",
				},
				"duration": schema.StringAttribute{
					Optional:    true,
					Description: `Lifetime of the assumed-role session as a Go duration such as "1h" or "15m". Defaults to 15m.`,
				},
			},
		},
	}
}

func defaultTagsBlock() schema.Block {
	return schema.ListNestedBlock{
		Description: "Tags applied to every resource of this provider that supports tags. A resource's own tags " +
			"win on conflicting keys; the merged set is exposed as the resource's tags_all.",
		Validators: []validator.List{listvalidator.SizeAtMost(1)},
		NestedObject: schema.NestedBlockObject{
			Attributes: map[string]schema.Attribute{
				"tags": schema.MapAttribute{
					Optional:    true,
					ElementType: types.StringType,
					Description: "Key-value map of default tags.",
				},
			},
		},
	}
}

func localBlock() schema.Block {
	return schema.ListNestedBlock{
		Description: "Settings for the local backend's engine. With autostart, the provider starts the engine " +
			"bundled in its own executable when nothing answers at endpoint (a loopback address), and leaves it " +
			"running for later plans and applies; `lambdaform stop --data-dir <data_dir>` ends it. " +
			"Ignored with backend \"aws\".",
		Validators: []validator.List{listvalidator.SizeAtMost(1)},
		NestedObject: schema.NestedBlockObject{
			Attributes: map[string]schema.Attribute{
				"autostart": schema.BoolAttribute{
					Optional: true,
					Description: "Start an engine in the background when none answers at endpoint. Defaults to the " +
						"LAMBDAFORM_AUTOSTART environment variable (true or false), else false: the provider then " +
						"fails with the command that starts one.",
				},
				"data_dir": schema.StringAttribute{
					Optional: true,
					Description: "Data directory of the engine (state, code packages, engine.log, engine.pid). " +
						"A leading ~/ means the home directory; relative paths are taken from the working directory. " +
						"Defaults to the LAMBDAFORM_DATA_DIR environment variable, else " + defaultDataDirDoc + ".",
				},
				"log_level": schema.StringAttribute{
					Optional: true,
					Description: "Log level of a started engine (debug, info, warn or error); its log is " +
						"<data_dir>/engine.log. Defaults to LAMBDAFORM_LOG_LEVEL, else info.",
					Validators: []validator.String{stringvalidator.OneOf(engineLogLevels...)},
				},
			},
		},
	}
}
