package kinesis

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/lambdaform/terraform-provider-lambda/engine/auth"
)

func TestIsRequest(t *testing.T) {
	tests := []struct {
		name, method, target string
		want                 bool
	}{
		{"kinesis", "POST", "Kinesis_20131202.PutRecord", true},
		{"logs", "POST", "Logs_20140328.PutLogEvents", false},
		{"sqs", "POST", "AmazonSQS.SendMessage", false},
		{"GET", "GET", "Kinesis_20131202.ListStreams", false},
		{"lambda", "POST", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/", strings.NewReader("{}"))
			r.Header.Set("X-Amz-Target", tt.target)
			if got := IsRequest(r); got != tt.want {
				t.Errorf("IsRequest = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestBehindSigV4Middleware mounts the handler the way the engine does:
// SDK-signed calls pass and bad signatures fail with an error the SDK
// decodes.
func TestBehindSigV4Middleware(t *testing.T) {
	s := openTestStore(t, Options{})
	v := auth.New(auth.Config{AccessKey: "AKIDLOCAL", SecretKey: "secret", Region: testRegion}, AuthErrorWriter)
	srv := httptest.NewServer(v.Middleware(NewHandler(s)))
	t.Cleanup(srv.Close)
	client := func(secret string) *kinesis.Client {
		return kinesis.New(kinesis.Options{Region: testRegion, BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider("AKIDLOCAL", secret, "")})
	}
	if _, err := client("secret").CreateStream(t.Context(), &kinesis.CreateStreamInput{StreamName: aws.String("signed"),
		ShardCount: aws.Int32(1)}); err != nil {
		t.Fatalf("signed call: %v", err)
	}
	_, err := client("wrong").ListStreams(t.Context(), &kinesis.ListStreamsInput{})
	wantAPIError(t, err, "InvalidSignatureException", "")
}

func TestUnknownOperation(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	_, err := c.SplitShard(t.Context(), &kinesis.SplitShardInput{StreamName: aws.String("x"), ShardToSplit: aws.String("s"),
		NewStartingHashKey: aws.String("1")})
	wantAPIError(t, err, "UnknownOperationException", "")
}
