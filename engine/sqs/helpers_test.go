package sqs

import (
	"errors"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
)

const (
	testRegion  = "us-east-1"
	testAccount = "123456789012"
)

// testClock is a settable clock for Options.Now.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: time.UnixMilli(1_700_000_000_000)} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func openTestStore(t *testing.T, opts Options) *Store {
	t.Helper()
	opts.Region, opts.AccountID = testRegion, testAccount
	s, err := Open(filepath.Join(t.TempDir(), "sqs.db"), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// newTestClient serves s over HTTP and returns a real SDK client for it.
func newTestClient(t *testing.T, s *Store) *sqs.Client { return newBenchClient(t, s) }

func newBenchClient(t testing.TB, s *Store) *sqs.Client {
	t.Helper()
	srv := httptest.NewServer(NewHandler(s))
	t.Cleanup(srv.Close)
	return sqs.New(sqs.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(srv.URL),
		Credentials:      aws.AnonymousCredentials{},
		RetryMaxAttempts: 1,
	})
}

// wantAPIError checks an SDK error's code (the query-compatible code the
// SDK reports) and, when message is not empty, its message.
func wantAPIError(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || (message != "" && ae.ErrorMessage() != message) {
		t.Fatalf("error = %s: %q, want %s: %q", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
}

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
