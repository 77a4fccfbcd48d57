package sqs

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

const jsonContentType = "application/x-amz-json-1.0"

// serveJSON serves an AWS JSON 1.0 call: POST / with X-Amz-Target.
func (a *api) serveJSON(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix)
	op, ok := a.ops[name]
	if r.Method != http.MethodPost || !ok {
		writeJSONError(w, &APIError{Status: http.StatusBadRequest, Code: "UnknownOperationException",
			QueryCode: "InvalidAction", Message: fmt.Sprintf("The action %s is not valid for this web service.", name)})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		writeJSONError(w, newError("SerializationException", "SerializationException", "Request body could not be read: %v", err))
		return
	}
	out, ae := a.call(name, op, a.newRequest(r), body)
	if ae != nil {
		writeJSONError(w, ae)
		return
	}
	raw, err := json.Marshal(out)
	if err != nil {
		a.log.Error("sqs response not encoded", "op", name, "err", err)
		writeJSONError(w, errInternal())
		return
	}
	w.Header().Set("Content-Type", jsonContentType)
	w.Header().Set("X-Amzn-RequestId", newUUID())
	_, _ = w.Write(raw)
}

// writeJSONError writes AWS's JSON 1.0 error shape. The x-amzn-query-error
// header carries the query protocol's code, which query-compatible SDKs
// report as the error code (AWS.SimpleQueueService.NonExistentQueue, ...).
func writeJSONError(w http.ResponseWriter, e *APIError) {
	raw, err := json.Marshal(map[string]string{"__type": "com.amazonaws.sqs#" + e.Code, "message": e.Message})
	if err != nil {
		raw = []byte(`{}`)
	}
	w.Header().Set("Content-Type", jsonContentType)
	w.Header().Set("X-Amzn-RequestId", newUUID())
	w.Header().Set("X-Amzn-Query-Error", e.QueryCode+";"+fault(e))
	w.WriteHeader(e.Status)
	_, _ = w.Write(raw)
}

func fault(e *APIError) string {
	if e.Receiver {
		return "Receiver"
	}
	return "Sender"
}

// decode unmarshals a request body; an empty body is an empty object.
func decode(body []byte, into any) error {
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, into); err != nil {
		return newError("SerializationException", "SerializationException", "%v", err)
	}
	return nil
}

// intParam is an integer parameter. It accepts a JSON number or, as the
// query protocol sends every value, a numeric string.
type intParam struct{ v int64 }

func (p *intParam) UnmarshalJSON(b []byte) error {
	n, err := strconv.ParseInt(strings.Trim(string(b), `"`), 10, 64)
	if err != nil {
		return fmt.Errorf("not an integer: %s", b)
	}
	p.v = n
	return nil
}

// intOr returns the parameter's value or def when it is absent.
func intOr(p *intParam, def int64) int64 {
	if p == nil {
		return def
	}
	return p.v
}

// AuthErrorWriter renders SigV4 failures (auth.ErrorWriter) in the
// protocol of the request: JSON 1.0 for X-Amz-Target calls, query XML
// otherwise.
func AuthErrorWriter(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	e := &APIError{Status: status, Code: code, QueryCode: code, Message: message}
	if strings.HasPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix) {
		writeJSONError(w, e)
		return
	}
	writeXMLError(w, e)
}
