package datasources

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// TestInvokeOnce checks the request the data source sends (client context,
// log tail) and that a failed Invoke is not retried: the client's default
// retryer would send a 500 three times.
func TestInvokeOnce(t *testing.T) {
	var n atomic.Int32
	var clientContext, logType string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		clientContext, logType = r.Header.Get("X-Amz-Client-Context"), r.Header.Get("X-Amz-Log-Type")
		w.Header().Set("X-Amzn-Errortype", "ServiceException")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"message":"try again"}`))
	}))
	defer srv.Close()
	client := lambda.New(lambda.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
	})
	cc := base64.StdEncoding.EncodeToString([]byte(`{"custom":{"k":"v"}}`))
	if _, err := invokeOnce(context.Background(), client, "f", "", cc, []byte(`{}`)); err == nil {
		t.Fatal("want an error")
	}
	if got := n.Load(); got != 1 {
		t.Errorf("sent %d requests, want exactly 1", got)
	}
	if clientContext != cc {
		t.Errorf("X-Amz-Client-Context %q, want %q", clientContext, cc)
	}
	if logType != "Tail" {
		t.Errorf("X-Amz-Log-Type %q, want Tail", logType)
	}
}

func TestFunctionErrorMessage(t *testing.T) {
	e := &functionError{kind: "Unhandled", payload: []byte(`{"errorType":"TypeError","errorMessage":"bad"}`), logTail: "INFO checking\n"}
	if got, want := e.Error(), "The function failed (Unhandled): TypeError: bad\n\nLog tail:\nINFO checking"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
