package resources

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func crudModel(input, key string) invocationModel {
	return invocationModel{
		Input:          types.StringValue(input),
		LifecycleScope: types.StringValue(lifecycleCRUD),
		TerraformKey:   types.StringValue(key),
	}
}

func TestInvocationPayload(t *testing.T) {
	prev := `{ "key1" : "value1",
	  "n": 1.50 }`
	cases := []struct {
		name    string
		m       invocationModel
		action  string
		prev    *string
		want    string
		wantErr bool
	}{
		{
			name:   "create only sends input verbatim",
			m:      invocationModel{Input: types.StringValue("[1, 2]"), LifecycleScope: types.StringValue(lifecycleCreateOnly), TerraformKey: types.StringValue("tf")},
			action: actionCreate,
			want:   "[1, 2]",
		},
		{
			name:   "crud create has null prev_input",
			m:      crudModel(`{"key1": "value1"}`, "tf"),
			action: actionCreate,
			want:   `{"key1":"value1","tf":{"action":"create","prev_input":null}}`,
		},
		{
			name:   "crud update carries the previous input, numbers untouched",
			m:      crudModel(`{"key1":"valueB","big":12345678901234567890}`, "tf"),
			action: actionUpdate,
			prev:   &prev,
			want:   `{"big":12345678901234567890,"key1":"valueB","tf":{"action":"update","prev_input":{"key1":"value1","n":1.50}}}`,
		},
		{
			name:   "crud delete under a custom key",
			m:      crudModel(`{"a":true}`, "lifecycle"),
			action: actionDelete,
			prev:   aws.String(`{"a":true}`),
			want:   `{"a":true,"lifecycle":{"action":"delete","prev_input":{"a":true}}}`,
		},
		{name: "crud needs an object", m: crudModel(`"text"`, "tf"), action: actionCreate, wantErr: true},
		{name: "crud rejects null", m: crudModel(`null`, "tf"), action: actionCreate, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := invocationPayload(tc.m, tc.action, tc.prev)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("want an error, got payload %s", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("payload\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestJSONEqual(t *testing.T) {
	cases := []struct {
		a, b types.String
		want bool
	}{
		{types.StringValue(`{"a":1,"b":[1,2]}`), types.StringValue("{\n  \"b\": [1, 2],\n  \"a\": 1\n}"), true},
		{types.StringValue(`{"a":1}`), types.StringValue(`{"a":2}`), false},
		{types.StringValue(`{"a":1}`), types.StringValue(`{"a":1,"b":null}`), false},
		{types.StringValue(`[1,2]`), types.StringValue(`[2,1]`), false},
		{types.StringValue(`{"a":1}`), types.StringUnknown(), false},
		{types.StringUnknown(), types.StringUnknown(), true},
		{types.StringValue(`not json`), types.StringValue(`not json`), true},
		{types.StringValue(`not json`), types.StringValue(`not  json`), false},
	}
	for _, tc := range cases {
		if got := jsonEqual(tc.a, tc.b); got != tc.want {
			t.Errorf("jsonEqual(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestInvokes(t *testing.T) {
	base := invocationModel{
		FunctionName: types.StringValue("f"), Qualifier: types.StringValue("$LATEST"),
		Input:          types.StringValue(`{"a":1}`),
		Triggers:       types.MapValueMust(types.StringType, map[string]attr.Value{"v": types.StringValue("1")}),
		LifecycleScope: types.StringValue(lifecycleCreateOnly), TerraformKey: types.StringValue("tf"),
	}
	change := func(f func(*invocationModel)) invocationModel { m := base; f(&m); return m }
	cases := []struct {
		name string
		plan invocationModel
		want bool
	}{
		{"nothing", base, false},
		{"reformatted input", change(func(m *invocationModel) { m.Input = types.StringValue(`{ "a": 1 }`) }), false},
		{"scope and key", change(func(m *invocationModel) {
			m.LifecycleScope, m.TerraformKey = types.StringValue(lifecycleCRUD), types.StringValue("k")
		}), false},
		{"input", change(func(m *invocationModel) { m.Input = types.StringValue(`{"a":2}`) }), true},
		{"unknown input", change(func(m *invocationModel) { m.Input = types.StringUnknown() }), true},
		{"triggers", change(func(m *invocationModel) {
			m.Triggers = types.MapValueMust(types.StringType, map[string]attr.Value{"v": types.StringValue("2")})
		}), true},
		{"qualifier", change(func(m *invocationModel) { m.Qualifier = types.StringValue("1") }), true},
		{"function", change(func(m *invocationModel) { m.FunctionName = types.StringValue("g") }), true},
	}
	for _, tc := range cases {
		if got := invokes(tc.plan, base); got != tc.want {
			t.Errorf("%s: invokes = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestFunctionErrorMessage(t *testing.T) {
	cases := []struct {
		err  functionError
		want []string
	}{
		{
			functionError{kind: "Unhandled", payload: []byte(`{"errorType":"ValueError","errorMessage":"boom","stackTrace":[]}`), logTail: "START\nboom\nEND\n"},
			[]string{"(Unhandled): ValueError: boom", "Log tail:\nSTART\nboom\nEND"},
		},
		{
			functionError{kind: "Handled", payload: []byte(`"plain"`)},
			[]string{`(Handled), returning: "plain"`},
		},
	}
	for _, tc := range cases {
		got := tc.err.Error()
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("error %q does not contain %q", got, w)
			}
		}
		if tc.err.logTail == "" && strings.Contains(got, "Log tail") {
			t.Errorf("error %q mentions a log tail it does not have", got)
		}
	}
}

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
	// that the control case below shows what a retried Invoke looks like.
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
	ctx := context.Background()
	client, n := invokeServer(t, serviceException)

	// Control: the same client retries a plain Invoke.
	if _, err := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f")}); err == nil {
		t.Fatal("control Invoke: want an error")
	}
	if got := n.Load(); got != 3 {
		t.Fatalf("control Invoke sent %d requests, want 3: the test server does not provoke retries", got)
	}

	n.Store(0)
	_, err := invokeOnce(ctx, client, "f", "$LATEST", []byte(`{}`))
	if err == nil {
		t.Fatal("invokeOnce: want an error")
	}
	if got := n.Load(); got != 1 {
		t.Errorf("invokeOnce sent %d requests, want exactly 1", got)
	}
}

func TestInvokeOnceRequestAndFunctionError(t *testing.T) {
	var got *http.Request
	var body string
	client, _ := invokeServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		w.Header().Set("X-Amz-Executed-Version", "3")
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
		w.Header().Set("X-Amz-Log-Result", base64.StdEncoding.EncodeToString([]byte("START RequestId: 1\nTraceback: KeyError\nEND RequestId: 1\n")))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"errorType":"KeyError","errorMessage":"'name'"}`))
	})
	out, err := invokeOnce(context.Background(), client, "fn-1", "live", []byte(`{"a":1}`))
	var fe *functionError
	if !errors.As(err, &fe) {
		t.Fatalf("want a *functionError, got %v", err)
	}
	for _, w := range []string{"KeyError: 'name'", "Traceback: KeyError"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
	if out.ExecutedVersion != "3" {
		t.Errorf("executed version %q, want 3", out.ExecutedVersion)
	}
	if got.URL.Path != "/2015-03-31/functions/fn-1/invocations" || got.URL.Query().Get("Qualifier") != "live" {
		t.Errorf("request %s %s", got.Method, got.URL)
	}
	if h := got.Header.Get("X-Amz-Invocation-Type"); h != "RequestResponse" {
		t.Errorf("X-Amz-Invocation-Type %q", h)
	}
	if h := got.Header.Get("X-Amz-Log-Type"); h != "Tail" {
		t.Errorf("X-Amz-Log-Type %q", h)
	}
	if body != `{"a":1}` {
		t.Errorf("payload %q", body)
	}
}
