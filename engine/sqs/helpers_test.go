package sqs

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/servicetest"
)

const (
	testRegion  = "us-east-1"
	testAccount = "123456789012"
)

func newTestClock() *servicetest.Clock {
	return servicetest.NewClock(time.UnixMilli(1_700_000_000_000))
}

func openTestStore(t *testing.T, opts Options) *Store {
	t.Helper()
	opts.Region, opts.AccountID = testRegion, testAccount
	return servicetest.OpenStore(t, "sqs.db", func(path string) (*Store, error) { return Open(path, opts) })
}

// newTestClient serves s over HTTP and returns a real SDK client for it.
func newTestClient(t *testing.T, s *Store) *sqs.Client { return newBenchClient(t, s) }

func newBenchClient(t testing.TB, s *Store) *sqs.Client {
	t.Helper()
	url := servicetest.Serve(t, NewHandler(s))
	return sqs.NewFromConfig(servicetest.Config(url, testRegion))
}

var wantAPIError = servicetest.WantAPIError

// createQueue creates a queue through the API and returns its URL.
func createQueue(t *testing.T, c *sqs.Client, name string, attrs map[string]string) string {
	t.Helper()
	out, err := c.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("CreateQueue(%s): %v", name, err)
	}
	return aws.ToString(out.QueueUrl)
}

func send(t *testing.T, c *sqs.Client, url, body string, opt ...func(*sqs.SendMessageInput)) *sqs.SendMessageOutput {
	t.Helper()
	in := &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body)}
	for _, o := range opt {
		o(in)
	}
	out, err := c.SendMessage(t.Context(), in)
	if err != nil {
		t.Fatalf("SendMessage(%q): %v", body, err)
	}
	return out
}

func receive(t *testing.T, c *sqs.Client, in *sqs.ReceiveMessageInput) *sqs.ReceiveMessageOutput {
	t.Helper()
	out, err := c.ReceiveMessage(t.Context(), in)
	if err != nil {
		t.Fatalf("ReceiveMessage: %v", err)
	}
	return out
}

func bodies(out *sqs.ReceiveMessageOutput) []string {
	var b []string
	for _, m := range out.Messages {
		b = append(b, aws.ToString(m.Body))
	}
	return b
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
