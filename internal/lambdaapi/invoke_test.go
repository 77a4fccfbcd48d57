package lambdaapi

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// invokeServer answers Invoke with handler and counts the requests.
func invokeServer(t *testing.T, handler http.HandlerFunc) (*lambda.Client, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	// The client retries like the provider's does, but without waiting, so
	// that the control case in TestInvokeOnceNeverRetries shows what a
	// retried Invoke looks like.
	client := lambda.New(lambda.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 3
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			o.RateLimiter = ratelimit.None
		}),
	})
	return client, &n
}

func serviceException(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("X-Amzn-Errortype", "ServiceException")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(`{"Type":"Service","message":"the function may or may not have run"}`))
}

func TestInvokeOnceNeverRetries(t *testing.T) {
	ctx := t.Context()
	client, n := invokeServer(t, serviceException)

	// Control: the same client retries a plain Invoke.
	if _, err := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f")}); err == nil {
		t.Fatal("control Invoke: want an error")
	}
	if got := n.Load(); got != 3 {
		t.Fatalf("control Invoke sent %d requests, want 3: the test server does not provoke retries", got)
	}

	for _, in := range []InvokeParams{
		{FunctionName: "f", Qualifier: "$LATEST", Payload: []byte(`{}`)},
		{FunctionName: "f", ClientContext: base64.StdEncoding.EncodeToString([]byte(`{"custom":{"k":"v"}}`)), Payload: []byte(`{}`)},
	} {
		n.Store(0)
		if _, err := InvokeOnce(ctx, client, in); err == nil {
			t.Fatalf("InvokeOnce(%+v): want an error", in)
		}
		if got := n.Load(); got != 1 {
			t.Errorf("InvokeOnce(%+v) sent %d requests, want exactly 1", in, got)
		}
	}
}

func TestInvokeOnceRequest(t *testing.T) {
	cc := base64.StdEncoding.EncodeToString([]byte(`{"custom":{"k":"v"}}`))
	cases := []struct {
		name          string
		in            InvokeParams
		wantPath      string
		wantQualifier string // "" for no Qualifier parameter
		wantCC        string // "" for no X-Amz-Client-Context
	}{
		{
			name:          "qualified, no client context",
			in:            InvokeParams{FunctionName: "fn-1", Qualifier: "live", Payload: []byte(`{"a":1}`)},
			wantPath:      "/2015-03-31/functions/fn-1/invocations",
			wantQualifier: "live",
		},
		{
			name:     "unqualified with client context",
			in:       InvokeParams{FunctionName: "f", ClientContext: cc, Payload: []byte(`[1, 2]`)},
			wantPath: "/2015-03-31/functions/f/invocations",
			wantCC:   cc,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got *http.Request
			var body string
			client, _ := invokeServer(t, func(w http.ResponseWriter, r *http.Request) {
				got = r
				b, _ := io.ReadAll(r.Body)
				body = string(b)
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write([]byte(`null`))
			})
			if _, err := InvokeOnce(t.Context(), client, tc.in); err != nil {
				t.Fatal(err)
			}
			if got.Method != http.MethodPost || got.URL.Path != tc.wantPath {
				t.Errorf("request %s %s, want POST %s", got.Method, got.URL.Path, tc.wantPath)
			}
			q, has := got.URL.Query()["Qualifier"]
			if tc.wantQualifier == "" && has {
				t.Errorf("Qualifier %q sent, want none", q)
			}
			if tc.wantQualifier != "" && got.URL.Query().Get("Qualifier") != tc.wantQualifier {
				t.Errorf("Qualifier %q, want %q", got.URL.Query().Get("Qualifier"), tc.wantQualifier)
			}
			if h, has := got.Header["X-Amz-Client-Context"]; (tc.wantCC == "") == has || (has && h[0] != tc.wantCC) {
				t.Errorf("X-Amz-Client-Context %q, want %q", h, tc.wantCC)
			}
			if h := got.Header.Get("X-Amz-Invocation-Type"); h != "RequestResponse" {
				t.Errorf("X-Amz-Invocation-Type %q, want RequestResponse", h)
			}
			if h := got.Header.Get("X-Amz-Log-Type"); h != "Tail" {
				t.Errorf("X-Amz-Log-Type %q, want Tail", h)
			}
			if body != string(tc.in.Payload) {
				t.Errorf("payload %q, want %q", body, tc.in.Payload)
			}
		})
	}
}

func TestInvokeOnceResponse(t *testing.T) {
	tail := "START RequestId: 1\nTraceback: KeyError\nEND RequestId: 1\n"
	cases := []struct {
		name      string
		fnError   string // X-Amz-Function-Error, "" for none
		logResult string // X-Amz-Log-Result
		payload   string
		want      InvokeOutput
		wantErr   string // the *FunctionError's message, "" for success
	}{
		{
			name:      "success",
			logResult: base64.StdEncoding.EncodeToString([]byte("START\nEND\n")),
			payload:   `{"ok":true}`,
			want:      InvokeOutput{Payload: `{"ok":true}`, ExecutedVersion: "3", LogTail: "START\nEND\n"},
		},
		{
			name:      "log result that is not base64 is kept",
			logResult: "not base64!",
			payload:   `1`,
			want:      InvokeOutput{Payload: `1`, ExecutedVersion: "3", LogTail: "not base64!"},
		},
		{
			name:      "function error",
			fnError:   "Unhandled",
			logResult: base64.StdEncoding.EncodeToString([]byte(tail)),
			payload:   `{"errorType":"KeyError","errorMessage":"'name'"}`,
			want:      InvokeOutput{Payload: `{"errorType":"KeyError","errorMessage":"'name'"}`, ExecutedVersion: "3", LogTail: tail},
			wantErr:   "The function failed (Unhandled): KeyError: 'name'\n\nLog tail:\n" + tail[:len(tail)-1],
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			client, _ := invokeServer(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("X-Amz-Executed-Version", "3")
				if tc.fnError != "" {
					w.Header().Set("X-Amz-Function-Error", tc.fnError)
				}
				w.Header().Set("X-Amz-Log-Result", tc.logResult)
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write([]byte(tc.payload))
			})
			out, err := InvokeOnce(t.Context(), client, InvokeParams{FunctionName: "f", Payload: []byte(`{}`)})
			if out != tc.want {
				t.Errorf("output %+v, want %+v", out, tc.want)
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var fe *FunctionError
			if !errors.As(err, &fe) {
				t.Fatalf("want a *FunctionError, got %v", err)
			}
			if fe.Kind != tc.fnError || string(fe.Payload) != tc.payload || fe.LogTail != tc.want.LogTail {
				t.Errorf("FunctionError %+v", fe)
			}
			if err.Error() != tc.wantErr {
				t.Errorf("error\n got %q\nwant %q", err, tc.wantErr)
			}
		})
	}
}

func TestFunctionErrorMessage(t *testing.T) {
	cases := []struct {
		name string
		err  FunctionError
		want string
	}{
		{
			name: "error type and message with log tail",
			err:  FunctionError{Kind: "Unhandled", Payload: []byte(`{"errorType":"ValueError","errorMessage":"boom","stackTrace":[]}`), LogTail: "START\nboom\nEND\n"},
			want: "The function failed (Unhandled): ValueError: boom\n\nLog tail:\nSTART\nboom\nEND",
		},
		{
			name: "only an error message",
			err:  FunctionError{Kind: "Unhandled", Payload: []byte(`{"errorMessage":"Task timed out after 3.00 seconds"}`)},
			want: "The function failed (Unhandled): : Task timed out after 3.00 seconds",
		},
		{
			name: "other payload without log tail",
			err:  FunctionError{Kind: "Handled", Payload: []byte(`"plain"`)},
			want: `The function failed (Handled), returning: "plain"`,
		},
		{
			name: "blank log tail is left out",
			err:  FunctionError{Kind: "Unhandled", Payload: []byte(`{"errorType":"TypeError","errorMessage":"bad"}`), LogTail: " \n"},
			want: "The function failed (Unhandled): TypeError: bad",
		},
		{
			name: "log tail is trimmed",
			err:  FunctionError{Kind: "Unhandled", Payload: []byte(`{"errorType":"TypeError","errorMessage":"bad"}`), LogTail: "INFO checking\n"},
			want: "The function failed (Unhandled): TypeError: bad\n\nLog tail:\nINFO checking",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
