package cwlogs

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/servicetest"
)

const (
	testRegion  = "us-east-1"
	testAccount = "123456789012"
)

func openTestStore(t *testing.T, opts Options) *Store {
	t.Helper()
	return servicetest.OpenStore(t, "logs.db", func(path string) (*Store, error) { return Open(path, opts) })
}

// newTestClient serves s over HTTP and returns a real SDK client for it.
func newTestClient(t *testing.T, s *Store) *cloudwatchlogs.Client {
	t.Helper()
	url := servicetest.Serve(t, NewHandler(s, testRegion, testAccount))
	return cloudwatchlogs.NewFromConfig(servicetest.Config(url, testRegion))
}

var wantAPIError = servicetest.WantAPIError

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
