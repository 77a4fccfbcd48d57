package engine_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// TestRawWireShapes checks what the SDK would hide: header-level error
// types, status codes and bodies of requests an SDK never sends.
func TestRawWireShapes(t *testing.T) {
	h := startEngine(t, t.TempDir(), engine.Config{})
	tests := []struct {
		name, method, path string
		status             int
		errType            string
		body               string
	}{
		{"healthz", http.MethodGet, "/healthz", 200, "", `{"status":"ok"}`},
		{"unknown path", http.MethodGet, "/2015-03-31/nothing", 404, "UnknownOperationException",
			`{"Type":"User","message":"Unknown operation GET /2015-03-31/nothing"}`},
		{"unknown method", http.MethodPatch, "/2015-03-31/functions/x", 404, "UnknownOperationException",
			`{"Type":"User","message":"Unknown operation PATCH /2015-03-31/functions/x"}`},
		{"untag without keys", http.MethodDelete, "/2017-03-31/tags/arn:aws:lambda:us-east-1:000000000000:function:x", 400, "ValidationException",
			`{"message":"1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"}`},
		{"not found body", http.MethodGet, "/2015-03-31/functions/nope", 404, "ResourceNotFoundException",
			`{"Message":"Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope","Type":"User"}`},
		{"list with trailing slash", http.MethodGet, "/2015-03-31/functions/", 200, "", `{"Functions":[]}`},
		{"max items zero", http.MethodGet, "/2015-03-31/functions/?MaxItems=0", 400, "ValidationException",
			`{"message":"1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, h.server.URL+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || resp.Header.Get("X-Amzn-ErrorType") != tc.errType {
				t.Fatalf("status %d type %q, want %d %q", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), tc.status, tc.errType)
			}
			if !jsonEqual(t, body, tc.body) {
				t.Fatalf("body %s\nwant %s", body, tc.body)
			}
			if tc.path != "/healthz" && resp.Header.Get("X-Amzn-Requestid") == "" {
				t.Error("no x-amzn-RequestId header")
			}
		})
	}
}

func jsonEqual(t *testing.T, got []byte, want string) bool {
	t.Helper()
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		return false
	}
	if err := json.Unmarshal([]byte(want), &b); err != nil {
		t.Fatal(err)
	}
	ra, _ := json.Marshal(a)
	rb, _ := json.Marshal(b)
	return string(ra) == string(rb)
}
