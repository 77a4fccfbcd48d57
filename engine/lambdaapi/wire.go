package lambdaapi

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// maxRequestBytes is AWS's request size quota for CreateFunction and
// UpdateFunctionCode (base64 of a 50 MB zip plus the rest of the request).
const maxRequestBytes = 70167211

// lastModifiedLayout is the format of FunctionConfiguration.LastModified,
// e.g. 2026-11-29T10:00:00.000+0000.
const lastModifiedLayout = "2006-01-02T15:04:05.000-0700"

func formatTime(t time.Time) string { return t.UTC().Format(lastModifiedLayout) }

// newUUID returns a random (version 4) UUID, the format of RevisionId and
// request IDs.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥1.24)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// decodeBody reads a JSON request body of at most maxRequestBytes into v.
// An empty body leaves v unchanged.
func decodeBody(r *http.Request, op string, v any) *APIError {
	raw, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxRequestBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooLarge("Request must be smaller than %d bytes for the %s operation", maxRequestBytes, op)
	}
	if err != nil {
		return serviceError("read request: %v", err)
	}
	return unmarshalBody(raw, v)
}

// unmarshalBody decodes a JSON request body; an empty body leaves v as is.
func unmarshalBody(raw []byte, v any) *APIError {
	if len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		// AWS's generic answer to a body it cannot deserialize.
		return newErr(http.StatusBadRequest, "InvalidRequestContentException", "Could not parse request body into json: %v", err)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		WriteError(w, serviceError("encode response: %v", err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

func (a *API) functionARN(name string) string {
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", a.cfg.Region, a.cfg.AccountID, name)
}

func (a *API) qualifiedARN(name, qualifier string) string {
	if qualifier == "" {
		return a.functionARN(name)
	}
	return a.functionARN(name) + ":" + qualifier
}

func (a *API) functionNotFound(name, qualifier string) *APIError {
	return notFound("Function not found: %s", a.qualifiedARN(name, qualifier))
}
