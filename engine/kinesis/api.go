package kinesis

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
)

// TargetPrefix starts the X-Amz-Target header of every Kinesis call.
const TargetPrefix = "Kinesis_20131202."

// IsRequest reports whether r is a Kinesis API call, so the engine can
// route it here rather than to the Lambda API that shares its port.
func IsRequest(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix)
}

// maxRequestBytes covers PutRecords' 5 MiB of data after base64 and JSON.
const maxRequestBytes = 8 << 20

// operation serves one call; body is the input as JSON (CBOR requests are
// converted first).
type operation func(ctx context.Context, body []byte) (any, error)

type api struct {
	store *Store
	log   *slog.Logger
	ops   map[string]operation
}

// NewHandler serves the Kinesis API over s: POST / with X-Amz-Target:
// Kinesis_20131202.<Operation>, in JSON 1.1 or CBOR. Mount it behind the
// engine's SigV4 middleware (with AuthErrorWriter) and route to it with
// IsRequest.
func NewHandler(s *Store) http.Handler {
	a := &api{store: s, log: s.log}
	a.ops = map[string]operation{
		"CreateStream": a.createStream, "DeleteStream": a.deleteStream, "DescribeStream": a.describeStream,
		"DescribeStreamSummary": a.describeStreamSummary, "ListStreams": a.listStreams, "ListShards": a.listShards,
		"IncreaseStreamRetentionPeriod": a.increaseRetention, "DecreaseStreamRetentionPeriod": a.decreaseRetention,
		"AddTagsToStream": a.addTags, "RemoveTagsFromStream": a.removeTags, "ListTagsForStream": a.listTags,
		"DescribeLimits": a.describeLimits,
		"PutRecord":      a.putRecord, "PutRecords": a.putRecords, "GetShardIterator": a.getShardIterator,
		"GetRecords": a.getRecords,
	}
	return a
}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	enc := codecOf(r)
	name := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix)
	op, ok := a.ops[name]
	if !IsRequest(r) || !ok {
		enc.writeError(w, newError("UnknownOperationException", "%s", ""))
		return
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		enc.writeError(w, &APIError{Status: http.StatusRequestEntityTooLarge, Code: "SerializationException",
			Message: "Request body could not be read: " + err.Error()})
		return
	}
	body, err := enc.toJSON(raw)
	if err != nil {
		enc.writeError(w, newError("SerializationException", "%v", err))
		return
	}
	out, err := op(r.Context(), body)
	if err != nil {
		ae := toAPIError(err)
		if ae.Status >= http.StatusInternalServerError {
			a.log.Error("kinesis API call failed", "op", name, "err", err)
		}
		enc.writeError(w, ae)
		return
	}
	if err := enc.write(w, out); err != nil {
		a.log.Warn("kinesis API response not written", "op", name, "err", err)
	}
}
