// Package auth verifies AWS Signature Version 4 on the engine's HTTP APIs and
// records who made each call.
//
// Verification re-signs a copy of the incoming request with aws-sdk-go-v2's
// own signer instead of re-implementing SigV4 canonicalisation, so the engine
// accepts exactly what the SDK produces. Error codes, statuses and messages
// follow AWS's front end (see errors.go).
package auth

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"time"
)

// ErrorWriter renders an authentication failure in the API's error format.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, status int, code, message string)

// Config holds the single credential the engine accepts. With AccessKey or
// SecretKey empty, signatures are not verified (callers are still recorded).
// Region, when set, is the only region a credential scope may name, as at a
// regional AWS endpoint.
type Config struct {
	AccessKey, SecretKey, Region string
}

// Verifier is an HTTP middleware factory; see Middleware.
type Verifier struct {
	cfg     Config
	onError ErrorWriter
	now     func() time.Time
}

// New returns a Verifier. A nil onError writes a restJson1-style body
// ({"message": ...} with X-Amzn-ErrorType).
func New(cfg Config, onError ErrorWriter) *Verifier {
	if onError == nil {
		onError = writeJSONError
	}
	return &Verifier{cfg: cfg, onError: onError, now: time.Now}
}

func (v *Verifier) verifying() bool { return v.cfg.AccessKey != "" && v.cfg.SecretKey != "" }

// Identity is who made a request, as far as the engine can tell.
type Identity struct {
	AccessKeyID string // from the SigV4 credential; empty if unsigned
	SourceIP    string // from the connection's remote address
	UserAgent   string
}

type identityKey struct{}

// Caller returns the identity Middleware recorded for the request's context,
// or the zero Identity.
func Caller(ctx context.Context) Identity {
	id, _ := ctx.Value(identityKey{}).(Identity)
	return id
}

// Middleware records the caller's Identity in the request context and, when
// a credential is configured, rejects requests whose signature does not
// verify. /healthz and /_lambdaform/ (code downloads carrying their own
// token) are never checked.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sig, found, perr := parse(r)
		id := Identity{SourceIP: sourceIP(r.RemoteAddr), UserAgent: r.UserAgent()}
		if found && perr == nil {
			id.AccessKeyID = sig.accessKeyID
		}
		r = r.WithContext(context.WithValue(r.Context(), identityKey{}, id))
		if !v.verifying() || open(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		if err := v.check(r, sig, found, perr); err != nil {
			v.onError(w, r, err.status, err.code, err.message)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (v *Verifier) check(r *http.Request, sig sigInfo, found bool, perr *authError) *authError {
	switch {
	case !found:
		return errMissingToken()
	case perr != nil:
		return perr
	}
	return v.verify(r, sig)
}

func open(path string) bool {
	return path == "/healthz" || strings.HasPrefix(path, "/_lambdaform/")
}

func sourceIP(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}

func writeJSONError(w http.ResponseWriter, _ *http.Request, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": message})
}
