package runtimeapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/runtimeapi"
)

func start(t *testing.T) (*runtimeapi.Server, string) {
	t.Helper()
	s := runtimeapi.New(nil)
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve() }()
	t.Cleanup(func() { _ = s.Close() })
	return s, "http://" + s.Addr() + "/2018-06-01/runtime"
}

func do(t *testing.T, method, url string, body []byte, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// next performs GET /next after dispatching inv, returning the response.
func next(t *testing.T, s *runtimeapi.Server, base string, inv *runtimeapi.Invocation) (*http.Response, []byte) {
	t.Helper()
	s.Dispatch(inv)
	return do(t, http.MethodGet, base+"/invocation/next", nil, nil)
}

func wantError(t *testing.T, resp *http.Response, body []byte, status int, typ string) {
	t.Helper()
	var e struct{ ErrorMessage, ErrorType string }
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	if resp.StatusCode != status || e.ErrorType != typ {
		t.Fatalf("got %d %q (%s), want %d %s", resp.StatusCode, e.ErrorType, e.ErrorMessage, status, typ)
	}
}

func TestNextCarriesEventAndHeaders(t *testing.T) {
	s, base := start(t)
	inv := &runtimeapi.Invocation{RequestID: "r1", Payload: []byte(`{"a":1}`), DeadlineMs: 1234,
		FunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:f", TraceID: "Root=1-2-3",
		ClientContext: []byte(`{"custom":{"k":"v"}}`)}
	resp, body := next(t, s, base, inv)
	if resp.StatusCode != 200 || string(body) != `{"a":1}` {
		t.Fatalf("next = %d %q", resp.StatusCode, body)
	}
	want := map[string]string{
		"Lambda-Runtime-Aws-Request-Id": "r1", "Lambda-Runtime-Deadline-Ms": "1234",
		"Lambda-Runtime-Invoked-Function-Arn": inv.FunctionARN, "Lambda-Runtime-Trace-Id": "Root=1-2-3",
		"Lambda-Runtime-Client-Context": `{"custom":{"k":"v"}}`, "Content-Type": "application/json",
	}
	for k, v := range want {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if _, ok := resp.Header["Lambda-Runtime-Cognito-Identity"]; ok {
		t.Error("empty Cognito identity header was sent")
	}
	select {
	case <-s.Ready():
	default:
		t.Fatal("Ready not closed after the first /next")
	}
}

func TestResponseLifecycle(t *testing.T) {
	s, base := start(t)
	next(t, s, base, &runtimeapi.Invocation{RequestID: "r1", Payload: []byte("{}")})
	if !s.Delivered() {
		t.Fatal("Delivered() = false after /next returned the event")
	}
	resp, body := do(t, http.MethodPost, base+"/invocation/other/response", []byte("x"), nil)
	wantError(t, resp, body, 400, "InvalidRequestID")

	resp, body = do(t, http.MethodPost, base+"/invocation/r1/response", []byte(`"ok"`), nil)
	if resp.StatusCode != 202 || strings.TrimSpace(string(body)) != `{"status":"OK"}` {
		t.Fatalf("response = %d %q", resp.StatusCode, body)
	}
	o := <-s.Outcomes()
	if o.Kind != runtimeapi.KindResponse || string(o.Body) != `"ok"` || o.RequestID != "r1" {
		t.Fatalf("outcome = %+v", o)
	}
	resp, body = do(t, http.MethodPost, base+"/invocation/r1/response", []byte(`"again"`), nil)
	wantError(t, resp, body, 403, "InvalidStateTransition")
	resp, body = do(t, http.MethodPost, base+"/init/error", []byte(`{}`), nil)
	wantError(t, resp, body, 403, "InvalidStateTransition")
}

func TestNextWhileRunningIsInvalid(t *testing.T) {
	s, base := start(t)
	next(t, s, base, &runtimeapi.Invocation{RequestID: "r1"})
	resp, body := do(t, http.MethodGet, base+"/invocation/next", nil, nil)
	wantError(t, resp, body, 403, "InvalidStateTransition")
}

func TestErrorReport(t *testing.T) {
	s, base := start(t)
	next(t, s, base, &runtimeapi.Invocation{RequestID: "r1"})
	resp, _ := do(t, http.MethodPost, base+"/invocation/r1/error", []byte(`{"errorMessage":"m","errorType":"E"}`),
		map[string]string{"Lambda-Runtime-Function-Error-Type": "Function.MyError"})
	if resp.StatusCode != 202 {
		t.Fatalf("error = %d", resp.StatusCode)
	}
	o := <-s.Outcomes()
	if o.Kind != runtimeapi.KindError || o.ErrorType != "Function.MyError" || !bytes.Contains(o.Body, []byte(`"m"`)) {
		t.Fatalf("outcome = %+v", o)
	}
}

func TestResponseTooLarge(t *testing.T) {
	s, base := start(t)
	next(t, s, base, &runtimeapi.Invocation{RequestID: "r1"})
	resp, body := do(t, http.MethodPost, base+"/invocation/r1/response", make([]byte, runtimeapi.MaxResponseSize+1), nil)
	wantError(t, resp, body, 413, "RequestEntityTooLarge")
	if o := <-s.Outcomes(); o.Kind != runtimeapi.KindTooLarge {
		t.Fatalf("outcome = %+v", o)
	}
	// Exactly the limit is accepted.
	next(t, s, base, &runtimeapi.Invocation{RequestID: "r2"})
	resp, _ = do(t, http.MethodPost, base+"/invocation/r2/response", make([]byte, runtimeapi.MaxResponseSize), nil)
	if resp.StatusCode != 202 {
		t.Fatalf("response at the limit = %d", resp.StatusCode)
	}
	if o := <-s.Outcomes(); o.Kind != runtimeapi.KindResponse || len(o.Body) != runtimeapi.MaxResponseSize {
		t.Fatalf("outcome kind %v, %d bytes", o.Kind, len(o.Body))
	}
}

func TestInitError(t *testing.T) {
	s, base := start(t)
	resp, _ := do(t, http.MethodPost, base+"/init/error", []byte(`{"errorMessage":"x","errorType":"Runtime.ImportModuleError"}`),
		map[string]string{"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
	if resp.StatusCode != 202 {
		t.Fatalf("init error = %d", resp.StatusCode)
	}
	ie := <-s.InitErrors()
	if ie.ErrorType != "Runtime.ImportModuleError" || !bytes.Contains(ie.Body, []byte(`"x"`)) {
		t.Fatalf("init error = %+v", ie)
	}
}

func TestSanitizeErrorType(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Runtime.ExitError": "Runtime.ExitError", "Function.Bad-Type": "Function.Unknown",
		"Runtime.x": "Runtime.Unknown", "whatever": "Function.Unknown", "Function.A": "Function.Unknown",
	} {
		if got := runtimeapi.SanitizeErrorType(in); got != want {
			t.Errorf("SanitizeErrorType(%q) = %q, want %q", in, got, want)
		}
	}
}
