package runtimeapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// state is the runtime's position in the Runtime API lifecycle.
type state int

const (
	stStarted    state = iota // process started, no /next yet
	stReady                   // waiting for (or holding) the next event
	stRunning                 // event delivered, answer outstanding
	stResponding              // answer being read
)

// names follow RIE's runtime state names, which appear in its
// InvalidStateTransition messages.
var stateNames = [...]string{"Started", "Ready", "Running", "InvocationResponse"}

// Server is the Runtime API of one execution environment.
type Server struct {
	log *slog.Logger
	ln  net.Listener
	srv *http.Server

	events   chan *Invocation // Dispatch → /next
	outcomes chan Outcome     // /response, /error → engine
	initErrs chan InitError   // /init/error → engine
	ready    chan struct{}    // closed on the first /next
	closed   chan struct{}

	mu        sync.Mutex
	st        state
	current   string // request id in flight, "" when none
	last      string // request id answered last
	closeOnce sync.Once
}

// New returns a Server that is not listening yet.
func New(logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.Default()
	}
	s := &Server{
		log:      logger,
		events:   make(chan *Invocation, 1),
		outcomes: make(chan Outcome, 1),
		initErrs: make(chan InitError, 1),
		ready:    make(chan struct{}),
		closed:   make(chan struct{}),
	}
	s.srv = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelDebug)}
	return s
}

// Listen binds the Runtime API, normally on "127.0.0.1:0".
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("runtimeapi: listen %s: %w", addr, err)
	}
	s.ln = ln
	return nil
}

// Addr is the host:port the runtime finds in AWS_LAMBDA_RUNTIME_API.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve answers runtime requests until Close.
func (s *Server) Serve() error {
	err := s.srv.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("runtimeapi: serve: %w", err)
}

// Close stops the server and releases a /next that is still waiting.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		return errors.Join(fmt.Errorf("runtimeapi: shutdown: %w", err), s.srv.Close())
	}
	return nil
}

// Ready is closed when the runtime first asks for an event: the end of init.
func (s *Server) Ready() <-chan struct{} { return s.ready }

// InitErrors delivers what the runtime posted to /runtime/init/error.
func (s *Server) InitErrors() <-chan InitError { return s.initErrs }

// Outcomes delivers the runtime's answer to each dispatched invocation.
func (s *Server) Outcomes() <-chan Outcome { return s.outcomes }

// Dispatch queues inv for the runtime's next GET …/next. The caller must
// not dispatch again before it has received the previous Outcome, and must
// never modify inv afterwards: a runtime that timed out may still be
// reading it.
func (s *Server) Dispatch(inv *Invocation) {
	s.mu.Lock()
	s.current = inv.RequestID
	s.mu.Unlock()
	s.events <- inv
}

// Delivered reports whether the invocation in flight has reached the
// runtime. An event that was never delivered can safely go to another
// environment if this one dies.
func (s *Server) Delivered() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.current != "" && s.st >= stRunning
}
