package lambdatest

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// awsConfig is built from the engine alone, never from the environment or
// shared config files, so a developer's AWS setup cannot leak into a test.
func (e *Engine) awsConfig() aws.Config {
	key, secret := e.credentials()
	return aws.Config{
		Region:      e.cfg.Region,
		Credentials: credentials.NewStaticCredentialsProvider(key, secret, ""),
	}
}

// LambdaClient returns an AWS SDK Lambda client pointed at the engine.
func (e *Engine) LambdaClient(optFns ...func(*lambda.Options)) *lambda.Client {
	base := func(o *lambda.Options) { o.BaseEndpoint = aws.String(e.endpoint) }
	return lambda.NewFromConfig(e.awsConfig(), append([]func(*lambda.Options){base}, optFns...)...)
}

// LogsClient returns an AWS SDK CloudWatch Logs client pointed at the engine.
func (e *Engine) LogsClient(optFns ...func(*cloudwatchlogs.Options)) *cloudwatchlogs.Client {
	base := func(o *cloudwatchlogs.Options) { o.BaseEndpoint = aws.String(e.endpoint) }
	return cloudwatchlogs.NewFromConfig(e.awsConfig(), append([]func(*cloudwatchlogs.Options){base}, optFns...)...)
}

// ProviderConfig returns a provider "lambda" block for the engine, for the
// Config of a terraform-plugin-testing step or a .tf file.
func (e *Engine) ProviderConfig() string {
	key, secret := e.credentials()
	return fmt.Sprintf(`provider "lambda" {
  backend    = "local"
  endpoint   = %q
  region     = %q
  access_key = %q
  secret_key = %q
}
`, e.endpoint, e.cfg.Region, key, secret)
}

// Env returns environment variables that point a subprocess at the engine:
// the lambda provider in `tofu test`/`tofu apply` (LAMBDAFORM_BACKEND,
// LAMBDAFORM_ENDPOINT, AWS_REGION and the key pair), and the AWS CLI and
// SDKs, whose Lambda and CloudWatch Logs calls follow the service-specific
// AWS_ENDPOINT_URL_* variables while other services are left alone. It does
// not say where the provider binary is: for tofu, also set
// TF_CLI_CONFIG_FILE to a CLI configuration with dev_overrides (see
// scripts/write-dev-tfrc.sh).
func (e *Engine) Env() map[string]string {
	key, secret := e.credentials()
	return map[string]string{
		"LAMBDAFORM_BACKEND":               "local",
		"LAMBDAFORM_ENDPOINT":              e.endpoint,
		"AWS_REGION":                       e.cfg.Region,
		"AWS_DEFAULT_REGION":               e.cfg.Region,
		"AWS_ACCESS_KEY_ID":                key,
		"AWS_SECRET_ACCESS_KEY":            secret,
		"AWS_ENDPOINT_URL_LAMBDA":          e.endpoint,
		"AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": e.endpoint,
	}
}
