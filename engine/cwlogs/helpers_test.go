package cwlogs

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
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

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func openTestStore(t *testing.T, opts Options) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "logs.db"), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// newTestClient serves s over HTTP and returns a real SDK client for it.
func newTestClient(t *testing.T, s *Store) *cloudwatchlogs.Client {
	t.Helper()
	srv := httptest.NewServer(NewHandler(s, testRegion, testAccount))
	t.Cleanup(srv.Close)
	return cloudwatchlogs.New(cloudwatchlogs.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(srv.URL),
		Credentials:      aws.AnonymousCredentials{},
		RetryMaxAttempts: 1,
	})
}

func ctx(t *testing.T) context.Context { return t.Context() }

// readAll returns every event of a stream, oldest first.
func readAll(t *testing.T, s *Store, group, stream string) []StoredEvent {
	t.Helper()
	lo, hi := fullRange()
	res, err := s.readStream(group, stream, readQuery{lo: lo, hi: hi, forward: true, limit: 1 << 30})
	if err != nil {
		t.Fatalf("readStream(%s, %s): %v", group, stream, err)
	}
	return res.events
}

func messages(events []StoredEvent) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Message
	}
	return out
}
