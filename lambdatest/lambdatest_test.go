package lambdatest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go"

	"github.com/lambdaform/terraform-provider-lambda/lambdatest"
)

func TestStartServesHealthAndAPI(t *testing.T) {
	e := lambdatest.Start(t, lambdatest.WithRegion("eu-west-3"), lambdatest.WithAccountID("123456789012"))
	if !strings.HasPrefix(e.Endpoint(), "http://127.0.0.1:") {
		t.Errorf("Endpoint() = %q, want a loopback URL", e.Endpoint())
	}
	resp, err := http.Get(e.Endpoint() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz = %s, want 200", resp.Status)
	}

	ctx := testContext(t)
	out := createEcho(ctx, t, e, "arn-check")
	want := "arn:aws:lambda:eu-west-3:123456789012:function:arn-check"
	if got := aws.ToString(out.FunctionArn); got != want {
		t.Errorf("FunctionArn = %q, want %q (region and account options)", got, want)
	}
	if e.Region() != "eu-west-3" || e.AccountID() != "123456789012" {
		t.Errorf("Region, AccountID = %q, %q", e.Region(), e.AccountID())
	}
}

func TestWithCredentialsVerifiesSignatures(t *testing.T) {
	e := lambdatest.Start(t, lambdatest.WithCredentials("AKIDLAMBDATEST", "right-secret"))
	ctx := testContext(t)
	if _, err := e.LambdaClient().ListFunctions(ctx, &lambda.ListFunctionsInput{}); err != nil {
		t.Fatalf("the engine's own client was rejected: %v", err)
	}
	// Same key ID, wrong secret: the signature cannot match.
	wrong := e.LambdaClient(func(o *lambda.Options) {
		o.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDLAMBDATEST", SecretAccessKey: "wrong-secret"}, nil
		})
	})
	_, err := wrong.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidSignatureException" {
		t.Fatalf("ListFunctions with a wrong secret: %v, want InvalidSignatureException", err)
	}
	if !strings.Contains(e.ProviderConfig(), `secret_key = "right-secret"`) {
		t.Errorf("ProviderConfig does not carry the key pair:\n%s", e.ProviderConfig())
	}
}

func TestCloseStopsServing(t *testing.T) {
	e, err := lambdatest.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := e.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	resp, err := http.Get(e.Endpoint() + "/healthz")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("GET /healthz after Close answered %s", resp.Status)
	}
}
