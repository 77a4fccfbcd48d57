// Package servicetest holds what the tests of the engine's AWS-compatible
// services (SQS, Kinesis, CloudWatch Logs, CloudWatch metrics) share: they
// drive each service through a real SDK client over HTTP, on a clock they
// set. Only tests import this package.
package servicetest

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
)

// Clock is a settable clock for a store's Options.Now.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// OpenStore opens a store in a fresh file under t's temporary directory
// and closes it when the test ends. file names the file, as the engine
// names it in its data directory.
func OpenStore[S io.Closer](t testing.TB, file string, open func(path string) (S, error)) S {
	t.Helper()
	s, err := open(filepath.Join(t.TempDir(), file))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Serve serves h over HTTP until the test ends and returns its URL.
func Serve(t testing.TB, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// Config is the SDK configuration of a client for the service at url (pass
// it to the service's NewFromConfig): anonymous credentials, since
// signatures are checked by the engine's middleware in front of a service
// rather than by the service, and no retries, so that a failed call fails
// the test at once.
func Config(url, region string) aws.Config {
	return aws.Config{
		Region:           region,
		BaseEndpoint:     aws.String(url),
		Credentials:      aws.AnonymousCredentials{},
		RetryMaxAttempts: 1,
	}
}

// WantAPIError checks an SDK error's code (for SQS, the query-compatible
// code the SDK reports) and, when message is not empty, its message.
func WantAPIError(t testing.TB, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || (message != "" && ae.ErrorMessage() != message) {
		t.Fatalf("error = %s: %q, want %s: %q", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
}
