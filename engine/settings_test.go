package engine_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// KMSKeyArn, DeadLetterConfig and VpcConfig are stored and reported so that
// configurations written for AWS apply unchanged, and an empty value clears
// them as on AWS.
func TestReferenceSettingsStoredAndCleared(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	const (
		kms = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		dlq = "arn:aws:sqs:us-east-1:000000000000:dead-letters"
	)
	h.create("refs", makeZip(t, map[string]string{"index.py": "x"}), func(in *lambda.CreateFunctionInput) {
		in.KMSKeyArn = aws.String(kms)
		in.DeadLetterConfig = &types.DeadLetterConfig{TargetArn: aws.String(dlq)}
		in.VpcConfig = &types.VpcConfig{SubnetIds: []string{"subnet-1", "subnet-2"}, SecurityGroupIds: []string{"sg-1"}}
	})
	got := h.waitActive("refs").Configuration
	if aws.ToString(got.KMSKeyArn) != kms || aws.ToString(got.DeadLetterConfig.TargetArn) != dlq {
		t.Fatalf("KMSKeyArn %q DeadLetterConfig %+v", aws.ToString(got.KMSKeyArn), got.DeadLetterConfig)
	}
	if got.VpcConfig == nil || len(got.VpcConfig.SubnetIds) != 2 || got.VpcConfig.SecurityGroupIds[0] != "sg-1" {
		t.Fatalf("VpcConfig %+v", got.VpcConfig)
	}

	_, err := h.client.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("refs"), KMSKeyArn: aws.String(""),
		DeadLetterConfig: &types.DeadLetterConfig{TargetArn: aws.String("")},
		VpcConfig:        &types.VpcConfig{SubnetIds: []string{}, SecurityGroupIds: []string{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got = h.waitUpdated("refs").Configuration
	if got.KMSKeyArn != nil || got.DeadLetterConfig != nil || got.VpcConfig != nil {
		t.Fatalf("after clearing: KMSKeyArn %v DeadLetterConfig %+v VpcConfig %+v", got.KMSKeyArn, got.DeadLetterConfig, got.VpcConfig)
	}

	_, err = h.client.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("refs"), KMSKeyArn: aws.String("not-an-arn"),
	})
	wantAPIError(t, err, "ValidationException", "1 validation error detected: Value 'not-an-arn' at 'kMSKeyArn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()")
}

// Re-sending the same environment variables is no change: PublishVersion
// then returns the existing version instead of a new one, as on AWS.
func TestResentEnvironmentDoesNotRepublish(t *testing.T) {
	ctx := context.Background()
	h := startEngine(t, t.TempDir(), engine.Config{})
	env := &types.Environment{Variables: map[string]string{"A": "1"}}
	h.create("env", makeZip(t, map[string]string{"index.py": "x"}), func(in *lambda.CreateFunctionInput) {
		in.Environment, in.Publish = env, true
	})
	h.waitActive("env")
	if _, err := h.client.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("env"), Environment: env,
	}); err != nil {
		t.Fatal(err)
	}
	h.waitUpdated("env")
	pub, err := h.client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("env")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(pub.Version) != "1" {
		t.Fatalf("PublishVersion after re-sending equal variables made version %s, want 1", aws.ToString(pub.Version))
	}
}
