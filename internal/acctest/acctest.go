// Package acctest is the acceptance-test harness. With LAMBDAFORM_ACC_BACKEND
// unset or "local" it runs one in-process Lambdaform engine per test binary
// and points the provider at it; with "aws" it targets AWS Lambda with the
// environment's credentials.
//
// Each _test package calls RunTests from TestMain so the engine is stopped:
//
//	func TestMain(m *testing.M) { os.Exit(acctest.RunTests(m)) }
package acctest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/lambdaform/terraform-provider-lambda/provider"
)

// Environment variables steering the harness.
const (
	EnvBackend = "LAMBDAFORM_ACC_BACKEND"  // "local" (default) or "aws"
	EnvRoleARN = "LAMBDAFORM_ACC_ROLE_ARN" // execution role for the aws backend
)

// ProtoV6ProviderFactories serves the provider in-process to the test run.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"lambda": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// IsAWS reports whether the tests target AWS instead of a local engine.
func IsAWS() bool { return os.Getenv(EnvBackend) == "aws" }

// RunTests runs the package's tests and stops the engine afterwards.
func RunTests(m *testing.M) int {
	code := m.Run()
	stopEngine()
	return code
}

// PreCheck verifies the backend is usable before a test's steps run: it
// starts the local engine (failing the test if it cannot) or, for AWS,
// skips the test when no credentials or region are configured.
func PreCheck(t *testing.T) {
	t.Helper()
	if v := os.Getenv(EnvBackend); v != "" && v != "local" && v != "aws" {
		t.Fatalf("%s=%q: use \"local\" or \"aws\"", EnvBackend, v)
	}
	if !IsAWS() {
		if _, err := startEngine(); err != nil {
			t.Fatalf("starting the in-process Lambdaform engine: %v", err)
		}
		return
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil || cfg.Region == "" {
		t.Skipf("%s=aws but no AWS region/configuration (set AWS_REGION): %v", EnvBackend, err)
	}
	if _, err := cfg.Credentials.Retrieve(context.Background()); err != nil {
		t.Skipf("%s=aws but no AWS credentials in the environment: %v", EnvBackend, err)
	}
}

// ProviderConfig returns the provider block for the selected backend. extra
// is HCL placed inside the block, such as a default_tags block.
func ProviderConfig(extra ...string) string {
	body := strings.Join(extra, "\n")
	if IsAWS() {
		return fmt.Sprintf("provider \"lambda\" {\n  backend = \"aws\"\n%s\n}\n", body)
	}
	// If the engine failed to start, PreCheck reports why; the endpoint
	// below then simply answers nothing.
	endpoint, _ := startEngine()
	return fmt.Sprintf(`provider "lambda" {
  backend    = "local"
  endpoint   = %q
  region     = %q
  access_key = %q
  secret_key = %q
%s
}
`, endpoint, engineRegion, engineAccessKey, engineSecretKey, body)
}

// LambdaClient returns an SDK client for the same backend as the provider,
// for CheckDestroy and for changes made behind Terraform's back.
func LambdaClient(t *testing.T) *lambda.Client {
	t.Helper()
	if IsAWS() {
		cfg, err := config.LoadDefaultConfig(context.Background())
		if err != nil {
			t.Fatalf("loading AWS configuration: %v", err)
		}
		return lambda.NewFromConfig(cfg)
	}
	endpoint, err := startEngine()
	if err != nil {
		t.Fatalf("starting the in-process Lambdaform engine: %v", err)
	}
	return lambda.NewFromConfig(aws.Config{
		Region:      engineRegion,
		Credentials: staticCredentials(),
	}, func(o *lambda.Options) { o.BaseEndpoint = aws.String(endpoint) })
}

// RoleARN returns an execution role ARN: any well-formed ARN in the engine's
// account locally, LAMBDAFORM_ACC_ROLE_ARN (a role Lambda can assume) on AWS.
func RoleARN(t *testing.T) string {
	t.Helper()
	if !IsAWS() {
		return "arn:aws:iam::" + engineAccountID + ":role/lambdaform-acc"
	}
	arn := os.Getenv(EnvRoleARN)
	if arn == "" {
		t.Skipf("%s=aws needs %s: the ARN of an IAM role that lambda.amazonaws.com may assume", EnvBackend, EnvRoleARN)
	}
	return arn
}

// RandomName returns prefix followed by random letters, a valid function name.
func RandomName(prefix string) string {
	return prefix + "-" + acctest.RandString(10)
}
