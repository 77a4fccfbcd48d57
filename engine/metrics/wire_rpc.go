package metrics

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/fxamacker/cbor/v2"
)

// Smithy RPC v2 CBOR (what current SDKs and AWS CLIs speak) and AWS JSON
// 1.0 differ only in the codec and in where the operation is named.

func (a *api) serveRPC(w http.ResponseWriter, r *http.Request, p protocol) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix)
	if p == protoCBOR {
		op = strings.TrimPrefix(r.URL.Path, CBORPathPrefix)
	}
	if r.Method != http.MethodPost {
		writeRPCError(w, p, errUnknownOperation(op))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		writeRPCError(w, p, errSerialization(fmt.Errorf("request body could not be read: %w", err)))
		return
	}
	decode := func(into any) error {
		if len(body) == 0 {
			return nil
		}
		var err error
		if p == protoCBOR {
			err = cbor.Unmarshal(body, into)
		} else {
			err = json.Unmarshal(body, into)
		}
		if err != nil {
			return errSerialization(err)
		}
		return nil
	}
	out, ae := a.call(r.Context(), op, decode)
	if ae != nil {
		writeRPCError(w, p, ae)
		return
	}
	raw, err := marshalRPC(p, out)
	if err != nil {
		a.log.Error("cloudwatch response not encoded", "op", op, "err", err)
		writeRPCError(w, p, errInternal())
		return
	}
	setRPCHeaders(w, p)
	_, _ = w.Write(raw)
}

func marshalRPC(p protocol, v any) ([]byte, error) {
	if p == protoCBOR {
		return cbor.Marshal(v)
	}
	return json.Marshal(v)
}

func setRPCHeaders(w http.ResponseWriter, p protocol) {
	if p == protoCBOR {
		w.Header().Set("Content-Type", "application/cbor")
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
}

// writeRPCError writes {"__type", "message"} and, as CloudWatch is
// awsQueryCompatible, the query error code in X-Amzn-Query-Error.
func writeRPCError(w http.ResponseWriter, p protocol, e *apiError) {
	raw, err := marshalRPC(p, map[string]string{"__type": e.code, "message": e.message})
	if err != nil {
		raw = nil
	}
	setRPCHeaders(w, p)
	w.Header().Set("X-Amzn-Query-Error", e.queryErrorHeader())
	w.Header().Set("X-Amzn-ErrorType", e.code)
	w.WriteHeader(e.status)
	_, _ = w.Write(raw)
}
