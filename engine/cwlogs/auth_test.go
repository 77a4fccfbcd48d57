package cwlogs

import (
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/lambdaform/terraform-provider-lambda/engine/auth"
)

// TestBehindSigV4Middleware mounts the handler the way the engine does and
// checks that SDK-signed calls pass and bad signatures fail with a JSON 1.1
// error the SDK decodes.
func TestBehindSigV4Middleware(t *testing.T) {
	s := openTestStore(t, Options{})
	v := auth.New(auth.Config{AccessKey: "AKIDLOCAL", SecretKey: "secret", Region: testRegion}, AuthErrorWriter)
	srv := httptest.NewServer(v.Middleware(NewHandler(s, testRegion, testAccount)))
	t.Cleanup(srv.Close)
	client := func(secret string) *cwl.Client {
		return cwl.New(cwl.Options{Region: testRegion, BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider("AKIDLOCAL", secret, "")})
	}
	if _, err := client("secret").CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String("g")}); err != nil {
		t.Fatalf("signed call: %v", err)
	}
	_, err := client("wrong").DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{})
	wantAPIError(t, err, "InvalidSignatureException", "")
}
