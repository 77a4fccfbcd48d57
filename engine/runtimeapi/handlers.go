package runtimeapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

const prefix = "/2018-06-01"

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+prefix+"/runtime/invocation/next", s.next)
	mux.HandleFunc("POST "+prefix+"/runtime/invocation/{id}/response", s.response)
	mux.HandleFunc("POST "+prefix+"/runtime/invocation/{id}/error", s.invocationError)
	mux.HandleFunc("POST "+prefix+"/runtime/init/error", s.initError)
	// RIE keeps /ping for clients that probe it.
	mux.HandleFunc("GET "+prefix+"/ping", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "pong") })
	return mux
}

// next blocks until the engine dispatches an event, then hands it over.
func (s *Server) next(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.st == stRunning || s.st == stResponding {
		from := s.st
		s.mu.Unlock()
		writeTransitionError(w, from, "Ready")
		return
	}
	if s.st == stStarted {
		close(s.ready)
	}
	s.st = stReady
	s.mu.Unlock()

	var inv *Invocation
	select {
	case inv = <-s.events:
	case <-r.Context().Done():
		return
	case <-s.closed:
		return
	}
	s.mu.Lock()
	s.st = stRunning
	s.mu.Unlock()
	writeEvent(w, inv)
}

func writeEvent(w http.ResponseWriter, inv *Invocation) {
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	h["Content-Length"] = []string{strconv.Itoa(len(inv.Payload))}
	h["Lambda-Runtime-Aws-Request-Id"] = []string{inv.RequestID}
	h["Lambda-Runtime-Deadline-Ms"] = []string{strconv.FormatInt(inv.DeadlineMs, 10)}
	setIf(h, "Lambda-Runtime-Invoked-Function-Arn", inv.FunctionARN)
	setIf(h, "Lambda-Runtime-Trace-Id", inv.TraceID)
	setIf(h, "Lambda-Runtime-Client-Context", string(inv.ClientContext))
	setIf(h, "Lambda-Runtime-Cognito-Identity", string(inv.CognitoIdentity))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(inv.Payload)
}

// setIf sets a header only when it has a value, as RIE's renderer does.
func setIf(h http.Header, key, value string) {
	if value != "" {
		h[key] = []string{value}
	}
}

// claim checks that id is the invocation the runtime is working on and
// moves it to stResponding. It writes the Runtime API's error and returns
// false otherwise.
func (s *Server) claim(w http.ResponseWriter, id, to string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id != s.current || s.current == "" {
		if id == s.last && s.current == "" {
			// Answering twice is a lifecycle error, not an unknown id.
			writeTransitionError(w, s.st, to)
			return false
		}
		writeError(w, http.StatusBadRequest, "InvalidRequestID", "Invalid request ID")
		return false
	}
	if s.st != stRunning {
		writeTransitionError(w, s.st, to)
		return false
	}
	s.st = stResponding
	return true
}

// finish records the answer and hands it to the engine before the runtime
// is told 202, so the engine sees it before anything the runtime does next
// (such as exiting).
func (s *Server) finish(o Outcome) {
	s.mu.Lock()
	s.last, s.current, s.st = s.current, "", stReady
	s.mu.Unlock()
	s.outcomes <- o
}

func (s *Server) response(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !s.claim(w, id, "InvocationResponse") {
		return
	}
	body, tooLarge, err := readLimited(r, MaxResponseSize)
	if err != nil {
		// A truncated request still ends the invocation, as RIE's
		// TruncatedHTTPRequest does.
		s.finish(Outcome{RequestID: id, Kind: KindError, ErrorType: "Runtime.TruncatedResponse",
			Body: errorBody("Runtime.TruncatedResponse", "RequestId: "+id+" Error: "+err.Error())})
		writeError(w, http.StatusBadRequest, "TruncatedHTTPRequest", err.Error())
		return
	}
	if tooLarge {
		s.finish(Outcome{RequestID: id, Kind: KindTooLarge})
		writeError(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge",
			fmt.Sprintf("Exceeded maximum allowed payload size (%d bytes).", MaxResponseSize))
		return
	}
	s.finish(Outcome{RequestID: id, Kind: KindResponse, Body: body})
	writeAccepted(w)
}

func (s *Server) invocationError(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !s.claim(w, id, "InvocationErrorResponse") {
		return
	}
	body, _, err := readLimited(r, maxErrorBody)
	typ := SanitizeErrorType(r.Header.Get("Lambda-Runtime-Function-Error-Type"))
	if err != nil {
		body = nil
	}
	s.finish(Outcome{RequestID: id, Kind: KindError, ErrorType: typ, Body: body})
	writeAccepted(w)
}

func (s *Server) initError(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.st != stStarted {
		from := s.st
		s.mu.Unlock()
		writeTransitionError(w, from, "InitError")
		return
	}
	s.mu.Unlock()
	body, _, _ := readLimited(r, maxErrorBody)
	typ := SanitizeErrorType(r.Header.Get("Lambda-Runtime-Function-Error-Type"))
	select {
	case s.initErrs <- InitError{ErrorType: typ, Body: body}:
	default: // only the first report counts
	}
	writeAccepted(w)
}

// readLimited reads the body, reporting tooLarge instead of reading past limit.
func readLimited(r *http.Request, limit int64) (body []byte, tooLarge bool, err error) {
	if r.ContentLength > limit {
		return nil, true, nil
	}
	if r.ContentLength >= 0 {
		body = make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, body); err != nil {
			return nil, false, fmt.Errorf("read body: %w", err)
		}
		return body, false, nil
	}
	body, err = io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, false, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, true, nil
	}
	return body, false, nil
}

var accepted = []byte(`{"status":"OK"}` + "\n")

func writeAccepted(w http.ResponseWriter) {
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	w.WriteHeader(http.StatusAccepted)
	_, _ = w.Write(accepted)
}

type errorResponse struct {
	ErrorMessage string `json:"errorMessage"`
	ErrorType    string `json:"errorType"`
}

// errorBody renders the {errorMessage, errorType} shape AWS uses both for
// the Runtime API's own errors and for platform errors seen by callers.
func errorBody(typ, msg string) []byte {
	b, _ := json.Marshal(errorResponse{ErrorMessage: msg, ErrorType: typ})
	return b
}

// writeError renders like RIE: JSON, HTML-escaped, trailing newline.
func writeError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorResponse{ErrorMessage: msg, ErrorType: typ})
}

func writeTransitionError(w http.ResponseWriter, from state, to string) {
	writeError(w, http.StatusForbidden, "InvalidStateTransition",
		fmt.Sprintf("State transition from %s to %s failed for runtime. Error: State transition is not allowed", stateNames[from], to))
}
