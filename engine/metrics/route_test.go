package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestIsRequest(t *testing.T) {
	form := "application/x-www-form-urlencoded"
	tests := []struct {
		name, method, path, contentType, target, body string
		want                                          bool
	}{
		{"rpc v2 cbor", http.MethodPost, CBORPathPrefix + "GetMetricData", "application/cbor", "", "", true},
		{"json 1.0", http.MethodPost, "/", "application/x-amz-json-1.0", TargetPrefix + "ListMetrics", "{}", true},
		{"query in body", http.MethodPost, "/", form, "", "Action=ListMetrics&Version=2010-08-01", true},
		{"query in url", http.MethodGet, "/?Action=ListMetrics&Version=2010-08-01", "", "", "", true},
		{"sqs query", http.MethodPost, "/", form, "", "Action=ListQueues&Version=2012-11-05", false},
		{"logs", http.MethodPost, "/", "application/x-amz-json-1.1", "Logs_20140328.GetLogEvents", "{}", false},
		{"lambda", http.MethodGet, "/2015-03-31/functions/", "", "", "", false},
		{"prometheus scrape", http.MethodGet, "/metrics", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			r.Header.Set("Content-Type", tt.contentType)
			if tt.target != "" {
				r.Header.Set("X-Amz-Target", tt.target)
			}
			if got := IsRequest(r); got != tt.want {
				t.Fatalf("IsRequest = %v, want %v", got, tt.want)
			}
			// Whatever was peeked is still there for the handler.
			if body, _ := io.ReadAll(r.Body); string(body) != tt.body {
				t.Fatalf("body after IsRequest = %q, want %q", body, tt.body)
			}
		})
	}
}
