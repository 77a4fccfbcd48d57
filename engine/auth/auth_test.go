package auth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
)

const (
	testKey    = "AKIDLAMBDAFORM"
	testSecret = "s3cr3t/key+value"
	testRegion = "us-east-1"
)

// recorder is the handler behind the middleware: it captures what got
// through, including the body, and answers like ListFunctions/GetFunction.
type recorder struct {
	called bool
	id     Identity
	body   []byte
	path   string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.called, rec.id, rec.path = true, Caller(r.Context()), r.URL.Path
	rec.body, _ = io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"Functions":[],"Configuration":{"FunctionName":"fn"}}`))
}

func newServer(t *testing.T, cfg Config) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(New(cfg, nil).Middleware(rec))
	t.Cleanup(srv.Close)
	return srv, rec
}

func lambdaClient(url, key, secret, region string) *lambda.Client {
	return lambda.New(lambda.Options{
		Region:       region,
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider(key, secret, ""),
	})
}

func TestLambdaClient(t *testing.T) {
	cfg := Config{AccessKey: testKey, SecretKey: testSecret, Region: testRegion}
	tests := []struct {
		name, key, secret, region string
		wantCode                  string
	}{
		{"valid", testKey, testSecret, testRegion, ""},
		{"wrong secret", testKey, "nope", testRegion, codeInvalidSig},
		{"unknown key", "AKIDOTHER", testSecret, testRegion, codeUnrecognized},
		{"wrong region", testKey, testSecret, "eu-west-1", codeInvalidSig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := newServer(t, cfg)
			c := lambdaClient(srv.URL, tt.key, tt.secret, tt.region)
			_, err := c.ListFunctions(context.Background(), &lambda.ListFunctionsInput{})
			assertAPIError(t, err, tt.wantCode)
			if rec.called != (tt.wantCode == "") {
				t.Fatalf("handler called = %v", rec.called)
			}
			if tt.wantCode == "" && (rec.id.AccessKeyID != testKey || rec.id.SourceIP != "127.0.0.1" ||
				!strings.Contains(rec.id.UserAgent, "aws-sdk-go-v2")) {
				t.Fatalf("identity = %+v", rec.id)
			}
		})
	}
}

// TestLambdaClientBodyAndPath signs a large body and an escaped ARN path,
// and checks the handler sees the exact body the client sent.
func TestLambdaClientBodyAndPath(t *testing.T) {
	srv, rec := newServer(t, Config{AccessKey: testKey, SecretKey: testSecret})
	c := lambdaClient(srv.URL, testKey, testSecret, testRegion)
	zip := bytes.Repeat([]byte{0, 1, 2, 0xff}, 300000)
	_, err := c.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
		FunctionName: aws.String("fn"), Role: aws.String("arn:aws:iam::123456789012:role/r"),
		Code: &lambdatypes.FunctionCode{ZipFile: zip},
	})
	if err != nil {
		t.Fatalf("CreateFunction: %v", err)
	}
	var sent struct{ Code struct{ ZipFile []byte } }
	if err := json.Unmarshal(rec.body, &sent); err != nil || !bytes.Equal(sent.Code.ZipFile, zip) {
		t.Fatalf("handler body did not round-trip (%v)", err)
	}
	arn := "arn:aws:lambda:us-east-1:123456789012:function:fn:PROD"
	if _, err := c.GetFunction(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String(arn)}); err != nil {
		t.Fatalf("GetFunction by ARN: %v", err)
	}
	if rec.path != "/2015-03-31/functions/"+arn {
		t.Fatalf("path = %q", rec.path)
	}
}

func assertAPIError(t *testing.T, err error, code string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Fatalf("error = %v, want %s", err, code)
	}
}

// signed builds a request signed by the SDK's signer at time at.
func signed(t *testing.T, method, target, body string, at time.Time, region string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: testKey, SecretAccessKey: testSecret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), "lambda", region, at); err != nil {
		t.Fatal(err)
	}
	return r
}

type captured struct {
	status        int
	code, message string
}

func serve(v *Verifier, r *http.Request) (*recorder, captured) {
	rec := &recorder{}
	var got captured
	v.onError = func(w http.ResponseWriter, _ *http.Request, status int, code, message string) {
		got = captured{status, code, message}
		w.WriteHeader(status)
	}
	v.Middleware(rec).ServeHTTP(httptest.NewRecorder(), r)
	return rec, got
}

func TestVerifyRejections(t *testing.T) {
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	fn := "http://example.com/2015-03-31/functions/fn"
	tests := []struct {
		name string
		req  func(t *testing.T) *http.Request
		want captured
	}{
		{"unsigned", func(*testing.T) *http.Request { return httptest.NewRequest("GET", fn, nil) },
			captured{403, codeMissingToken, "Missing Authentication Token"}},
		{"other scheme", func(*testing.T) *http.Request {
			r := httptest.NewRequest("GET", fn, nil)
			r.Header.Set("Authorization", "Basic dXNlcjpwYXNz")
			return r
		}, captured{403, codeMissingToken, "Missing Authentication Token"}},
		{"incomplete header", func(*testing.T) *http.Request {
			r := httptest.NewRequest("GET", fn, nil)
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request")
			return r
		}, captured{403, codeIncomplete, "Authorization header requires 'Signature' parameter. " +
			"Authorization header requires 'SignedHeaders' parameter. " +
			"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
			"Authorization=AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request"}},
		{"unsupported algorithm", func(t *testing.T) *http.Request {
			r := signed(t, "GET", fn, "", now, testRegion)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512", 1))
			return r
		}, captured{403, codeIncomplete, "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "}},
		{"short credential", func(t *testing.T) *http.Request {
			r := signed(t, "GET", fn, "", now, testRegion)
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260304/us-east-1, SignedHeaders=host, Signature=00")
			return r
		}, captured{403, codeIncomplete, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20260304/us-east-1'"}},
		{"bad date", func(t *testing.T) *http.Request {
			r := signed(t, "GET", fn, "", now, testRegion)
			r.Header.Set("X-Amz-Date", "2026-03-04")
			return r
		}, captured{403, codeIncomplete, "Date must be in ISO-8601 'basic format'. Got '2026-03-04'. See http://en.wikipedia.org/wiki/ISO_8601"}},
		{"expired", func(t *testing.T) *http.Request { return signed(t, "GET", fn, "", now.Add(-6*time.Minute), testRegion) },
			captured{403, codeInvalidSig, "Signature expired: 20260304T115400Z is now earlier than 20260304T115500Z (20260304T120000Z - 5 min.)"}},
		{"not yet current", func(t *testing.T) *http.Request { return signed(t, "GET", fn, "", now.Add(6*time.Minute), testRegion) },
			captured{403, codeInvalidSig, "Signature not yet current: 20260304T120600Z is still later than 20260304T120500Z (20260304T120000Z + 5 min.)"}},
		{"wrong region", func(t *testing.T) *http.Request { return signed(t, "GET", fn, "", now, "eu-west-1") },
			captured{403, codeInvalidSig, "Credential should be scoped to a valid region, not 'eu-west-1'."}},
		{"body swapped after signing", func(t *testing.T) *http.Request {
			r := signed(t, "POST", fn, `{"a":1}`, now, testRegion)
			r.Body = io.NopCloser(strings.NewReader(`{"a":2}`))
			return r
		}, captured{403, codeInvalidSig, msgSignatureWrong}},
		{"signed header changed", func(t *testing.T) *http.Request {
			r := signed(t, "POST", fn, `{}`, now, testRegion)
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, captured{403, codeInvalidSig, msgSignatureWrong}},
		{"query added after signing", func(t *testing.T) *http.Request {
			r := signed(t, "GET", fn, "", now, testRegion)
			r.URL.RawQuery = "Qualifier=1"
			return r
		}, captured{403, codeInvalidSig, msgSignatureWrong}},
		{"host not signed", func(t *testing.T) *http.Request {
			r := signed(t, "GET", fn, "", now, testRegion)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), ";host;", ";", 1))
			return r
		}, captured{403, codeInvalidSig, "'Host' must be a 'SignedHeader' in the AWS Authorization."}},
		{"body too large", func(t *testing.T) *http.Request {
			r := signed(t, "POST", fn, "{}", now, testRegion)
			r.ContentLength = MaxBodyBytes + 1
			return r
		}, captured{413, codeTooLarge, "Request must be smaller than 70167211 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := New(Config{AccessKey: testKey, SecretKey: testSecret, Region: testRegion}, nil)
			v.now = func() time.Time { return now }
			rec, got := serve(v, tt.req(t))
			if rec.called || got != tt.want {
				t.Fatalf("called=%v got %+v\nwant %+v", rec.called, got, tt.want)
			}
		})
	}
}

func TestVerifyAcceptsAndRestoresBody(t *testing.T) {
	now := time.Now().UTC()
	v := New(Config{AccessKey: testKey, SecretKey: testSecret}, nil)
	body := `{"FunctionName":"fn"}`
	r := signed(t, "POST", "http://example.com/2015-03-31/functions?x=1&a=b%20c", body, now.Add(-4*time.Minute), "ap-south-1")
	r.RemoteAddr = "10.1.2.3:5555"
	r.Header.Set("User-Agent", "terraform")
	rec, got := serve(v, r)
	if !rec.called || got != (captured{}) {
		t.Fatalf("rejected: %+v", got)
	}
	if string(rec.body) != body {
		t.Fatalf("handler body = %q", rec.body)
	}
	if rec.id != (Identity{AccessKeyID: testKey, SourceIP: "10.1.2.3", UserAgent: "terraform"}) {
		t.Fatalf("identity = %+v", rec.id)
	}
}

func presigned(t *testing.T, target string, expires string, at time.Time) *http.Request {
	t.Helper()
	if expires != "" {
		target += "?X-Amz-Expires=" + expires
	}
	r := httptest.NewRequest("GET", target, nil)
	creds := aws.Credentials{AccessKeyID: testKey, SecretAccessKey: testSecret}
	sum := sha256.Sum256(nil)
	uri, hdr, err := v4.NewSigner().PresignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), "lambda", testRegion, at)
	if err != nil {
		t.Fatal(err)
	}
	out := httptest.NewRequest("GET", uri, nil)
	for k, vals := range hdr {
		if k != "Host" {
			out.Header[k] = vals
		}
	}
	return out
}

func TestPresigned(t *testing.T) {
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	target := "http://example.com/2015-03-31/functions/fn"
	tests := []struct {
		name   string
		req    func(t *testing.T) *http.Request
		wantOK bool
		code   string
	}{
		{"valid", func(t *testing.T) *http.Request { return presigned(t, target, "600", now.Add(-9*time.Minute)) }, true, ""},
		{"expired", func(t *testing.T) *http.Request { return presigned(t, target, "60", now.Add(-2*time.Minute)) }, false, codeInvalidSig},
		{"no expiry, within skew", func(t *testing.T) *http.Request { return presigned(t, target, "", now.Add(-4*time.Minute)) }, true, ""},
		{"no expiry, past skew", func(t *testing.T) *http.Request { return presigned(t, target, "", now.Add(-6*time.Minute)) }, false, codeInvalidSig},
		{"tampered", func(t *testing.T) *http.Request {
			r := presigned(t, target, "600", now)
			r.URL.Path += "x"
			return r
		}, false, codeInvalidSig},
		{"missing signature", func(t *testing.T) *http.Request {
			r := presigned(t, target, "600", now)
			q := r.URL.Query()
			q.Del("X-Amz-Signature")
			r.URL.RawQuery = q.Encode()
			return r
		}, false, codeIncomplete},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := New(Config{AccessKey: testKey, SecretKey: testSecret}, nil)
			v.now = func() time.Time { return now }
			rec, got := serve(v, tt.req(t))
			if rec.called != tt.wantOK || got.code != tt.code {
				t.Fatalf("called=%v got %+v", rec.called, got)
			}
			if tt.wantOK && rec.id.AccessKeyID != testKey {
				t.Fatalf("identity = %+v", rec.id)
			}
		})
	}
}

func TestOpenPathsAndVerificationOff(t *testing.T) {
	on := Config{AccessKey: testKey, SecretKey: testSecret}
	tests := []struct {
		name    string
		cfg     Config
		target  string
		auth    string
		wantKey string
	}{
		{"healthz", on, "/healthz", "", ""},
		{"code download", on, "/_lambdaform/code/abc?token=t", "", ""},
		{"off, unsigned", Config{}, "/2015-03-31/functions", "", ""},
		{"off, secret only", Config{SecretKey: testSecret}, "/2015-03-31/functions", "", ""},
		{"off, bogus signature recorded", Config{}, "/2015-03-31/functions",
			"AWS4-HMAC-SHA256 Credential=AKIDX/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00", "AKIDX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "http://example.com"+tt.target, nil)
			r.Header.Set("X-Amz-Date", "20260101T000000Z")
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			rec, got := serve(New(tt.cfg, nil), r)
			if !rec.called || got != (captured{}) {
				t.Fatalf("rejected: %+v", got)
			}
			if rec.id.AccessKeyID != tt.wantKey || rec.id.SourceIP != "192.0.2.1" {
				t.Fatalf("identity = %+v", rec.id)
			}
		})
	}
}

func TestDefaultErrorWriter(t *testing.T) {
	rec := &recorder{}
	srv := httptest.NewServer(New(Config{AccessKey: testKey, SecretKey: testSecret}, nil).Middleware(rec))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/2015-03-31/functions")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]string
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != 403 || resp.Header.Get("X-Amzn-ErrorType") != codeMissingToken || body["message"] != "Missing Authentication Token" {
		t.Fatalf("status %d type %q body %v", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), body)
	}
}

func TestCallerWithoutMiddleware(t *testing.T) {
	if id := Caller(context.Background()); id != (Identity{}) {
		t.Fatalf("Caller = %+v", id)
	}
}
