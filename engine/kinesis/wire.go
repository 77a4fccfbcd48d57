package kinesis

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// Content types of Kinesis's two encodings of the same protocol: AWS JSON
// 1.1 (the Go SDK, the AWS CLI, boto3) and its CBOR twin, which the Java
// SDKs and the KCL send by default. Both carry X-Amz-Target.
const (
	jsonContentType = "application/x-amz-json-1.1"
	cborContentType = "application/x-amz-cbor-1.1"
)

// codec is the encoding of one request and its response.
type codec struct{ cbor bool }

func codecOf(r *http.Request) codec {
	return codec{cbor: strings.HasPrefix(r.Header.Get("Content-Type"), cborContentType)}
}

func (c codec) contentType() string {
	if c.cbor {
		return cborContentType
	}
	return jsonContentType
}

// toJSON returns a request body as JSON, converting CBOR so that both
// encodings share one set of input types.
func (c codec) toJSON(raw []byte) ([]byte, error) {
	if !c.cbor || len(raw) == 0 {
		return raw, nil
	}
	v, err := cbor.Decode(raw)
	if err != nil {
		return nil, fmt.Errorf("decode CBOR: %w", err)
	}
	j, err := cborToJSONValue(v)
	if err != nil {
		return nil, err
	}
	out, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("convert CBOR: %w", err)
	}
	return out, nil
}

func (c codec) write(w http.ResponseWriter, v any) error {
	var raw []byte
	var err error
	if c.cbor {
		raw, err = encodeCBOR(v)
	} else {
		raw, err = json.Marshal(v)
	}
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", c.contentType())
	_, err = w.Write(raw)
	return err
}

// writeError writes AWS's error shape, {"__type": ..., "message": ...}, in
// the request's encoding.
func (c codec) writeError(w http.ResponseWriter, e *APIError) {
	body := errorBody{Type: e.Code, Message: e.Message}
	var raw []byte
	var err error
	if c.cbor {
		raw, err = encodeCBOR(body)
	} else {
		raw, err = json.Marshal(body)
	}
	if err != nil {
		raw = nil
	}
	w.Header().Set("Content-Type", c.contentType())
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	w.WriteHeader(e.Status)
	_, _ = w.Write(raw)
}

type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"message,omitempty"`
}

// AuthErrorWriter renders SigV4 failures (auth.ErrorWriter) in the error
// shape and encoding of the request, so SDK clients see the same error
// types as from AWS.
func AuthErrorWriter(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	codecOf(r).writeError(w, &APIError{Status: status, Code: code, Message: message})
}

// epochTime is a timestamp on the wire: epoch seconds (with milliseconds)
// in JSON, a tag-1 epoch in CBOR.
type epochTime time.Time

func (t epochTime) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(float64(time.Time(t).UnixMilli())/1000, 'f', -1, 64)), nil
}

func (t *epochTime) UnmarshalJSON(b []byte) error {
	secs, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("timestamp %s is not epoch seconds: %w", b, err)
	}
	*t = epochTime(time.UnixMilli(int64(secs * 1000)))
	return nil
}

// decode unmarshals a request body; an empty body is an empty object.
func decode(body []byte, into any) error {
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, into); err != nil {
		return newError("SerializationException", "%v", err)
	}
	return nil
}
