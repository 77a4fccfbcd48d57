package bench

import (
	"context"
	"io"
	"net"
	"net/http"
	"time"
)

// echoServer is the loopback floor: a plain net/http server that returns
// the request body, i.e. the cost of one HTTP round trip and nothing else.
type echoServer struct {
	URL string
	srv *http.Server
}

func startEcho() (*echoServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(echoHandler), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &echoServer{URL: "http://" + ln.Addr().String(), srv: srv}, nil
}

func echoHandler(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

func (e *echoServer) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = e.srv.Shutdown(ctx)
}
