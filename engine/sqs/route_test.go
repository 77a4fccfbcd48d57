package sqs

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/lambdaform/terraform-provider-lambda/engine/auth"
)

func TestIsRequest(t *testing.T) {
	form := "application/x-www-form-urlencoded"
	tests := []struct {
		name, method, target, path, ctype, body string
		want                                    bool
	}{
		{"json protocol", "POST", "AmazonSQS.SendMessage", "/", "application/x-amz-json-1.0", "{}", true},
		{"logs target", "POST", "Logs_20140328.PutLogEvents", "/", "application/x-amz-json-1.1", "{}", false},
		{"query body", "POST", "", "/", form, "Action=ListQueues&Version=2012-11-05", true},
		{"query to queue URL", "POST", "", "/123456789012/q", form, "Action=SendMessage&MessageBody=x", true},
		{"query in URL", "GET", "", "/?Action=ListQueues", "", "", true},
		{"other action", "POST", "", "/", form, "Action=DescribeInstances", false},
		{"lambda API", "POST", "", "/2015-03-31/functions", "application/json", `{"FunctionName":"f"}`, false},
		{"lambda GET", "GET", "", "/2015-03-31/functions", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			r.Header.Set("X-Amz-Target", tt.target)
			r.Header.Set("Content-Type", tt.ctype)
			if got := IsRequest(r); got != tt.want {
				t.Errorf("IsRequest = %v, want %v", got, tt.want)
			}
			// Whatever IsRequest read, the next handler sees the whole body.
			body, err := io.ReadAll(r.Body)
			if err != nil || string(body) != tt.body {
				t.Errorf("body after IsRequest = %q, %v; want %q", body, err, tt.body)
			}
		})
	}
}

// TestBehindSigV4Middleware mounts the handler as the engine does: signed
// SDK calls pass, and bad signatures fail in the request's protocol.
func TestBehindSigV4Middleware(t *testing.T) {
	s := openTestStore(t, Options{})
	v := auth.New(auth.Config{AccessKey: "AKIDLOCAL", SecretKey: "secret", Region: testRegion}, AuthErrorWriter)
	srv := httptest.NewServer(v.Middleware(NewHandler(s)))
	t.Cleanup(srv.Close)
	client := func(secret string) *sqs.Client {
		return sqs.New(sqs.Options{Region: testRegion, BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider("AKIDLOCAL", secret, "")})
	}
	url := createQueue(t, client("secret"), "signed", nil)
	out := send(t, client("secret"), url, "hi")
	got := receive(t, client("secret"), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MessageSystemAttributeNames: []types.MessageSystemAttributeName{"SenderId"}})
	if len(got.Messages) != 1 || aws.ToString(got.Messages[0].MessageId) != aws.ToString(out.MessageId) ||
		got.Messages[0].Attributes["SenderId"] != "AKIDLOCAL" {
		t.Errorf("signed receive = %+v", got.Messages)
	}
	_, err := client("wrong").ListQueues(t.Context(), &sqs.ListQueuesInput{})
	wantAPIError(t, err, "InvalidSignatureException", "")

	resp, err := http.Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader("Action=ListQueues"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "<ErrorResponse") {
		t.Errorf("unsigned query call = %d %s", resp.StatusCode, body)
	}
}
