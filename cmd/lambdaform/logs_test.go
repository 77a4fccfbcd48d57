package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/cwlogs"
)

// pollCounter counts completed FilterLogEvents calls and lets a test wait
// for a number of them.
type pollCounter struct {
	n       atomic.Int64
	changed chan struct{}
}

func (p *pollCounter) done() {
	p.n.Add(1)
	select {
	case p.changed <- struct{}{}:
	default:
	}
}

func (p *pollCounter) Load() int64 { return p.n.Load() }

func waitPolls(t *testing.T, p *pollCounter, n int64) {
	t.Helper()
	for p.Load() < n {
		select {
		case <-p.changed:
		case <-t.Context().Done():
			t.Fatal("test ended while waiting for polls")
		}
	}
}

// logsServer serves a fresh log store and counts FilterLogEvents calls.
func logsServer(t *testing.T) (*cwlogs.Store, string, *pollCounter) {
	t.Helper()
	st, err := cwlogs.Open(filepath.Join(t.TempDir(), "logs.db"), cwlogs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	polls := &pollCounter{changed: make(chan struct{}, 1)}
	h := cwlogs.NewHandler(st, "us-east-1", "000000000000")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		if r.Header.Get("X-Amz-Target") == cwlogs.TargetPrefix+"FilterLogEvents" {
			polls.done()
		}
	}))
	t.Cleanup(srv.Close)
	return st, srv.URL, polls
}

func runLogsCmd(ctx context.Context, out *syncWriter, args ...string) error {
	cmd := newLogsCmd()
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(out)
	return cmd.ExecuteContext(ctx)
}

func TestLogsFormats(t *testing.T) {
	st, url, _ := logsServer(t)
	at := time.Date(2024, 5, 1, 10, 0, 0, 123_000_000, time.UTC)
	events := []cwlogs.Event{
		{Time: at, Message: "START RequestId: 1\n"},
		{Time: at.Add(877 * time.Millisecond), Message: `{"level":"ERROR","n":1}`},
	}
	if err := st.Append("/aws/lambda/fn", "2024/05/01/[$LATEST]abc", events); err != nil {
		t.Fatal(err)
	}
	if err := st.Append("/aws/lambda/other", "s", []cwlogs.Event{{Time: at, Message: "not mine"}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		flags []string
		want  string
	}{
		{"short", []string{"--format", "short"},
			"2024-05-01T10:00:00 START RequestId: 1\n2024-05-01T10:00:01 {\"level\":\"ERROR\",\"n\":1}\n"},
		{"detailed", nil,
			"2024-05-01T10:00:00.123000+00:00 2024/05/01/[$LATEST]abc START RequestId: 1\n" +
				"2024-05-01T10:00:01.000000+00:00 2024/05/01/[$LATEST]abc {\"level\":\"ERROR\",\"n\":1}\n"},
		{"json", []string{"--format", "json"},
			"2024-05-01T10:00:00.123000+00:00 2024/05/01/[$LATEST]abc START RequestId: 1\n" +
				"2024-05-01T10:00:01+00:00 2024/05/01/[$LATEST]abc \n{\n    \"level\": \"ERROR\",\n    \"n\": 1\n}\n"},
		{"filter", []string{"--format", "short", "--filter", `{ $.level = "ERROR" }`},
			"2024-05-01T10:00:01 {\"level\":\"ERROR\",\"n\":1}\n"},
		{"since excludes older", []string{"--format", "short", "--since", "2024-05-01T10:00:01Z"},
			"2024-05-01T10:00:01 {\"level\":\"ERROR\",\"n\":1}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := newSyncWriter()
			args := append([]string{"fn", "--endpoint", url, "--since", "2024-01-01T00:00:00Z"}, tt.flags...)
			if err := runLogsCmd(t.Context(), out, args...); err != nil {
				t.Fatalf("logs: %v", err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("output:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestLogsErrors(t *testing.T) {
	_, url, _ := logsServer(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing group", []string{"nope", "--endpoint", url}, "ResourceNotFoundException"},
		{"bad since", []string{"fn", "--endpoint", url, "--since", "yesterday"}, "--since"},
		{"bad format", []string{"fn", "--endpoint", url, "--format", "xml"}, "--format"},
		{"bad pattern", []string{"fn", "--endpoint", url, "--filter", "{ $.a = "}, "InvalidParameterException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := runLogsCmd(t.Context(), newSyncWriter(), tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to mention %s", err, tt.want)
			}
		})
	}
}

// TestLogsFollow starts following before the function has logged at all,
// then checks that new events appear once each, including one that shares
// a millisecond with an event already printed.
func TestLogsFollow(t *testing.T) {
	st, url, polls := logsServer(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := newSyncWriter()
	done := make(chan error, 1)
	go func() {
		done <- runLogsCmd(ctx, out, "fn", "--endpoint", url, "--follow", "--format", "short", "--poll-interval", "5ms")
	}()
	waitPolls(t, polls, 1) // following a group that does not exist yet
	now := time.Now().Truncate(time.Millisecond)
	if err := st.Append("/aws/lambda/fn", "s1", []cwlogs.Event{{Time: now, Message: "first"}}); err != nil {
		t.Fatal(err)
	}
	out.waitLines(t, 1)
	if err := st.Append("/aws/lambda/fn", "s2", []cwlogs.Event{{Time: now, Message: "same millisecond"}, {Time: now.Add(time.Millisecond), Message: "later"}}); err != nil {
		t.Fatal(err)
	}
	out.waitLines(t, 3)
	// Let at least two more polls complete: they see the newest events
	// again and must not print them twice.
	waitPolls(t, polls, polls.Load()+2)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("logs --follow returned %v after cancel, want nil", err)
	}
	var msgs []string
	for _, l := range out.lines() {
		msgs = append(msgs, l[strings.IndexByte(l, ' ')+1:])
	}
	if want := []string{"first", "same millisecond", "later"}; !slices.Equal(msgs, want) {
		t.Errorf("followed %q, want %q", msgs, want)
	}
}

// syncWriter collects output from the command goroutine and lets the test
// wait for complete lines.
type syncWriter struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newSyncWriter() *syncWriter { return &syncWriter{changed: make(chan struct{}, 1)} }

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	select {
	case w.changed <- struct{}{}:
	default:
	}
	return n, err
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func (w *syncWriter) lines() []string {
	s := strings.TrimSuffix(w.String(), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func (w *syncWriter) waitLines(t *testing.T, n int) {
	t.Helper()
	for len(w.lines()) < n {
		select {
		case <-w.changed:
		case <-t.Context().Done():
			t.Fatalf("test ended waiting for %d lines; have %q", n, w.lines())
		}
	}
}
