package async

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
)

// LatestVersion is the qualifier of a function's unpublished version; an
// unqualified event uses its EventInvokeConfig.
const LatestVersion = "$LATEST"

// Event is one accepted asynchronous invocation.
type Event struct {
	RequestID string `json:"requestId"`
	Function  string `json:"function"`
	// Qualifier is the version or alias invoked, "" when unqualified.
	Qualifier string `json:"qualifier,omitempty"`
	// InvokedARN is the function ARN as invoked (qualified when a
	// qualifier was used).
	InvokedARN string `json:"invokedArn"`
	// Generation is the function's creation time: an event never runs
	// on a function re-created under the same name.
	Generation    time.Time       `json:"generation"`
	Payload       json.RawMessage `json:"payload"`
	ClientContext json.RawMessage `json:"clientContext,omitempty"`
}

// configQualifier names the EventInvokeConfig that applies to e.
func (e *Event) configQualifier() string {
	if e.Qualifier == "" {
		return LatestVersion
	}
	return e.Qualifier
}

// qualifiedARN is the ARN destination records name: AWS always qualifies
// it, with $LATEST for an unqualified invocation.
func (e *Event) qualifiedARN() string {
	if e.Qualifier == "" {
		return e.InvokedARN + ":" + LatestVersion
	}
	return e.InvokedARN
}

// record is an event as stored, with its progress.
type record struct {
	Event
	EnqueuedAt time.Time `json:"enqueuedAt"`
	Due        time.Time `json:"due"`
	// Attempts counts invocations that ran the function; SystemRetries
	// counts consecutive throttles or system errors since the last one.
	Attempts      int `json:"attempts"`
	SystemRetries int `json:"systemRetries,omitempty"`
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func keySeq(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k)
}

func encodeRecord(r *record) ([]byte, error) {
	raw, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("async: encode event %s: %w", r.RequestID, err)
	}
	return raw, nil
}

func decodeRecord(raw []byte) (*record, error) {
	var r record
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("async: decode event: %w", err)
	}
	return &r, nil
}
