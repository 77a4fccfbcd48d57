package runtimeapi_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/runtimeapi"
)

// BenchmarkRoundTrip is the Runtime API's share of a warm invoke: the
// engine dispatches, an in-process runtime loop (GET next, POST response
// over keep-alive loopback HTTP) answers.
func BenchmarkRoundTrip(b *testing.B) {
	s := runtimeapi.New(nil)
	if err := s.Listen("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	go func() { _ = s.Serve() }()
	defer s.Close()
	base := "http://" + s.Addr() + "/2018-06-01/runtime/invocation/"
	go func() {
		for {
			resp, err := http.Get(base + "next")
			if err != nil {
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
			r, err := http.Post(base+id+"/response", "application/json", bytes.NewReader(body))
			if err != nil {
				return
			}
			_, _ = io.Copy(io.Discard, r.Body)
			r.Body.Close()
		}
	}()
	payload := []byte(`{"hello":"world"}`)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Dispatch(&runtimeapi.Invocation{RequestID: "id", Payload: payload, DeadlineMs: 1})
		if o := <-s.Outcomes(); o.Kind != runtimeapi.KindResponse {
			b.Fatal(o)
		}
	}
}
