package engine_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// BenchmarkEventAcceptHTTP measures durable Event accepts end to end: the
// SDK's Invoke with InvocationType Event against an in-process engine, 64
// concurrent callers. The function (a no-op handler) runs the accepted
// events in the background meanwhile, as it would in use.
func BenchmarkEventAcceptHTTP(b *testing.B) {
	e, err := engine.New(engine.Config{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(e.Handler())
	defer func() { srv.Close(); _ = e.Close() }()
	client := lambda.New(lambda.Options{
		Region: testRegion, BaseEndpoint: aws.String(srv.URL), Retryer: aws.NopRetryer{},
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		HTTPClient:  &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}},
	})
	zip := benchZip(b, "def handler(event, context):\n    return None\n")
	in := createInput("accepts", zip)
	if _, err := client.CreateFunction(context.Background(), in); err != nil {
		b.Fatal(err)
	}
	w := lambda.NewFunctionActiveV2Waiter(client)
	if err := w.Wait(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String("accepts")}, waitBound); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(32)
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			out, err := client.Invoke(context.Background(), &lambda.InvokeInput{
				FunctionName: aws.String("accepts"), InvocationType: types.InvocationTypeEvent, Payload: []byte(`{"k":"v"}`),
			})
			if err != nil || out.StatusCode != 202 {
				b.Errorf("Invoke: %v", err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "accepts/s")
}

// benchZip packs src as index.py.
func benchZip(b *testing.B, src string) []byte {
	b.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, err := zw.Create("index.py")
	if err == nil {
		_, err = f.Write([]byte(src))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}
