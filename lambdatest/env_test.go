package lambdatest_test

import (
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/lambdaform/terraform-provider-lambda/lambdatest"
)

// A client configured only by Env, as the AWS CLI or an SDK in a subprocess
// would be, reaches the engine and is accepted by its signature check.
func TestEnvConfiguresTheAWSSDK(t *testing.T) {
	e := lambdatest.Start(t, lambdatest.WithRegion("ap-south-1"), lambdatest.WithCredentials("AKIDENVTEST", "env-secret"))
	ctx := testContext(t)
	createEcho(ctx, t, e, "via-env")

	none := filepath.Join(t.TempDir(), "none")
	t.Setenv("AWS_CONFIG_FILE", none)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", none)
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_ENDPOINT_URL", "")
	env := e.Env()
	for k, v := range env {
		t.Setenv(k, v)
	}
	if env["LAMBDAFORM_ENDPOINT"] != e.Endpoint() || env["LAMBDAFORM_BACKEND"] != "local" {
		t.Errorf("Env() = %v, want LAMBDAFORM_ENDPOINT=%s and LAMBDAFORM_BACKEND=local", env, e.Endpoint())
	}

	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fn, err := lambda.NewFromConfig(cfg).GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("via-env")})
	if err != nil {
		t.Fatalf("GetFunction through Env's configuration: %v", err)
	}
	if want := "arn:aws:lambda:ap-south-1:000000000000:function:via-env"; aws.ToString(fn.Configuration.FunctionArn) != want {
		t.Errorf("FunctionArn = %s, want %s", aws.ToString(fn.Configuration.FunctionArn), want)
	}
	if _, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{}); err != nil {
		t.Errorf("DescribeLogGroups through Env's configuration: %v", err)
	}
}
