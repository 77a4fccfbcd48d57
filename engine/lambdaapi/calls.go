package lambdaapi

import (
	"context"
	"net/http"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/audit"
	"github.com/lambdaform/terraform-provider-lambda/engine/auth"
)

// call accumulates what the audit record of one request needs while the
// request passes through authentication and the operation handler.
type call struct {
	function string
	errCode  string
	errMsg   string
	identity auth.Identity
	// routed is set once the router has matched the request; operation is
	// then its AWS name ("" for a path no operation serves).
	routed    bool
	operation string
}

type callKey struct{}

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	if c == nil {
		return &call{} // outside auditCalls (unit tests); nothing reads it
	}
	return c
}

// noteFunction records the function a call is about.
func noteFunction(r *http.Request, name string) { callFrom(r.Context()).function = name }

func writeCallError(w http.ResponseWriter, r *http.Request, e *APIError) {
	c := callFrom(r.Context())
	c.errCode, c.errMsg = e.Code, e.Message
	c.identity = auth.Caller(r.Context())
	WriteError(w, e)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusWriter) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

// auditCalls assigns the request ID AWS returns in x-amzn-RequestId and
// appends one audit entry per call once it has been answered.
func (a *API) auditCalls(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &call{}
		reqID := newUUID()
		w.Header().Set("X-Amzn-Requestid", reqID)
		sw := &statusWriter{ResponseWriter: w}
		// The identity is read inside the chain (identify, writeCallError)
		// because the auth middleware stores it in a context derived from ours.
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), callKey{}, c)))
		a.record(r, reqID, c, sw.status)
	})
}

func (a *API) record(r *http.Request, reqID string, c *call, status int) {
	if status == 0 {
		status = http.StatusOK
	}
	id := c.identity
	if id.SourceIP == "" && id.UserAgent == "" {
		id = auth.Identity{SourceIP: r.RemoteAddr, UserAgent: r.UserAgent()}
	}
	op := c.operation
	if !c.routed {
		op = a.operation(r)
	}
	if op == "" {
		op = "UnknownOperation"
	}
	err := a.cfg.Audit.Record(audit.Entry{
		Time: time.Now().UTC(), RequestID: reqID, Operation: op, FunctionName: c.function,
		AccessKeyID: id.AccessKeyID, SourceIP: id.SourceIP, UserAgent: id.UserAgent,
		Status: status, ErrorCode: c.errCode, ErrorMessage: c.errMsg,
	})
	if err != nil {
		a.log.Error("audit record failed", "request_id", reqID, "operation", op, "error", err)
	}
}

// identify captures the caller identity of a call that reached the router.
func identify(r *http.Request) { callFrom(r.Context()).identity = auth.Caller(r.Context()) }
