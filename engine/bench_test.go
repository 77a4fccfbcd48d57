package engine_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// benchPayload is what every benchmark posts: goecho's echo action.
var benchPayload = []byte(`{"action":"echo","text":"hello"}`)

// goechoZip builds internal/testfunctions/goecho as a provided.al2023
// "bootstrap" and zips it.
func goechoZip(b *testing.B) []byte {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "bootstrap")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/lambdaform/terraform-provider-lambda/internal/testfunctions/goecho")
	cmd.Env = append(os.Environ(), "GOOS=linux", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build goecho: %v\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err == nil {
		_, err = w.Write(data)
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// benchEngine starts an in-process engine behind httptest, deploys goecho
// and returns its Invoke URL. Engine and server stop with the benchmark.
func benchEngine(b *testing.B, cfg ...engine.Config) string {
	b.Helper()
	c := engine.Config{}
	if len(cfg) > 0 {
		c = cfg[0]
	}
	c.DataDir = b.TempDir()
	e, err := engine.New(c)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(e.Handler())
	b.Cleanup(func() { srv.Close(); _ = e.Close() })
	client := newClient(srv.URL, "AKIDTEST", "secret")
	_, err = client.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
		FunctionName: aws.String("bench"), Runtime: types.RuntimeProvidedal2023,
		Handler: aws.String("bootstrap"), Role: aws.String(testRole),
		Code: &types.FunctionCode{ZipFile: goechoZip(b)},
	})
	if err != nil {
		b.Fatal(err)
	}
	w := lambda.NewFunctionActiveV2Waiter(client, func(o *lambda.FunctionActiveV2WaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 50*time.Millisecond
	})
	if err := w.Wait(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String("bench")}, waitBound); err != nil {
		b.Fatal(err)
	}
	return srv.URL + "/2015-03-31/functions/bench/invocations"
}

// benchClient is a plain keep-alive client with enough idle connections
// for every parallel caller.
func benchClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxIdleConns: 256}}
}

// post sends one unsigned request and drains the answer, so the
// connection is reused.
func post(b *testing.B, c *http.Client, url string) {
	resp, err := c.Post(url, "application/json", bytes.NewReader(benchPayload))
	if err != nil {
		b.Error(err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Amz-Function-Error") != "" {
		b.Errorf("status %d, function error %q", resp.StatusCode, resp.Header.Get("X-Amz-Function-Error"))
	}
}

// measure runs post from b.N calls spread over callers goroutines (one
// goroutine when callers is 0) and reports p50/p99 latency and throughput.
func measure(b *testing.B, url string, callers int) {
	c := benchClient()
	warm(b, c, url, max(callers, 1))
	var mu sync.Mutex
	var all []time.Duration
	loop := func(next func() bool) {
		lat := make([]time.Duration, 0, 1024)
		for next() {
			t0 := time.Now()
			post(b, c, url)
			lat = append(lat, time.Since(t0))
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	if callers == 0 {
		n := 0
		loop(func() bool { n++; return n <= b.N })
	} else {
		b.SetParallelism(max(1, callers/runtime.GOMAXPROCS(0)))
		b.RunParallel(func(pb *testing.PB) { loop(pb.Next) })
	}
	elapsed := time.Since(start)
	b.StopTimer()
	report(b, all, elapsed)
}

// warm starts an environment per caller outside the timing: concurrent
// callers each get their own, as on AWS.
func warm(b *testing.B, c *http.Client, url string, callers int) {
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for range 3 {
				post(b, c, url)
			}
		})
	}
	wg.Wait()
}

func report(b *testing.B, lat []time.Duration, elapsed time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / 1e3 }
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "invokes/s")
}

// BenchmarkHTTPInvoke measures a warm RequestResponse Invoke through the
// engine's whole HTTP path (audit, auth, lookup, manager, Runtime API, a
// real aws-lambda-go runtime, logs) for 1, 16 and 64 concurrent callers.
// Parallelism is rounded to a multiple of GOMAXPROCS.
func BenchmarkHTTPInvoke(b *testing.B) {
	url := benchEngine(b)
	for _, tc := range []struct {
		name    string
		callers int
	}{{"callers=1", 0}, {"callers=16", 16}, {"callers=64", 64}} {
		b.Run(tc.name, func(b *testing.B) { measure(b, url, tc.callers) })
	}
}

// BenchmarkHTTPInvokeMetrics measures what recording metrics costs: the
// same 16-caller Invoke load with the recorder on and off.
func BenchmarkHTTPInvokeMetrics(b *testing.B) {
	for _, tc := range []struct {
		name string
		off  bool
	}{{"metrics=on", false}, {"metrics=off", true}} {
		b.Run(tc.name, func(b *testing.B) {
			url := benchEngine(b, engine.Config{DisableMetrics: tc.off})
			measure(b, url, 16)
		})
	}
}

// BenchmarkHTTPEchoBaseline is the floor for BenchmarkHTTPInvoke: a plain
// Go HTTP server echoing the body over the same loopback keep-alive path.
func BenchmarkHTTPEchoBaseline(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	for _, tc := range []struct {
		name    string
		callers int
	}{{"callers=1", 0}, {"callers=16", 16}, {"callers=64", 64}} {
		b.Run(tc.name, func(b *testing.B) { measure(b, srv.URL, tc.callers) })
	}
}
