package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// invoker sends one synchronous invocation; an error means the invocation
// did not succeed (transport error, non-200 status or a function error).
type invoker interface {
	invoke(ctx context.Context) error
}

// requestTimeout bounds every request so a stuck target cannot hang a run.
const requestTimeout = 30 * time.Second

// echoPayload is the event every trivial handler returns unchanged.
var echoPayload = []byte(`{"action":"echo","text":"hello"}`)

// newHTTPClient returns a keep-alive client with enough idle connections for
// every concurrent caller and no proxy: traffic must stay on loopback even
// when HTTP_PROXY is set.
func newHTTPClient() *http.Client {
	return &http.Client{
		Timeout: requestTimeout,
		Transport: &http.Transport{
			Proxy:               nil,
			MaxIdleConns:        256,
			MaxIdleConnsPerHost: 256,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
	}
}

// invocationsURL is the Invoke API path for function name under base.
func invocationsURL(base, name string) string {
	return base + "/2015-03-31/functions/" + name + "/invocations"
}

// httpInvoker posts unsigned requests with plain net/http, keeping the
// client's own cost (signing, middleware) out of the figure.
type httpInvoker struct {
	client  *http.Client
	url     string
	payload []byte
}

func (h httpInvoker) invoke(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(h.payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %.200s", resp.StatusCode, body)
	}
	if fe := resp.Header.Get("X-Amz-Function-Error"); fe != "" {
		return fmt.Errorf("function error %s: %.200s", fe, body)
	}
	return nil
}

// sdkInvoker goes through aws-sdk-go-v2's Lambda client (signing,
// middleware stack), as the provider and users' tools do.
type sdkInvoker struct {
	client  *lambda.Client
	name    string
	payload []byte
}

// newSDKInvoker builds a Lambda client for base with retries off, so every
// failure is counted rather than hidden.
func newSDKInvoker(hc *http.Client, base, name string) sdkInvoker {
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDBENCH", "bench-secret", ""),
		HTTPClient:  hc,
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
	}
	c := lambda.NewFromConfig(cfg, func(o *lambda.Options) { o.BaseEndpoint = aws.String(base) })
	return sdkInvoker{client: c, name: name, payload: echoPayload}
}

func (s sdkInvoker) invoke(ctx context.Context) error {
	out, err := s.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: &s.name, Payload: s.payload})
	if err != nil {
		return err
	}
	if out.FunctionError != nil {
		return errors.New("function error " + *out.FunctionError)
	}
	return nil
}
