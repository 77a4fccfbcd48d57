package async

import (
	"encoding/json"
	"time"
)

// invocationRecord is the record AWS sends to destinations (Lambda
// developer guide, "Invocation records"; recorded in LocalStack's
// real-AWS snapshots test_lambda_destinations.snapshot.json).
type invocationRecord struct {
	Version         string           `json:"version"`
	Timestamp       string           `json:"timestamp"`
	RequestContext  requestContext   `json:"requestContext"`
	RequestPayload  json.RawMessage  `json:"requestPayload"`
	ResponseContext *responseContext `json:"responseContext,omitempty"`
	ResponsePayload json.RawMessage  `json:"responsePayload,omitempty"`
}

type requestContext struct {
	RequestID              string `json:"requestId"`
	FunctionArn            string `json:"functionArn"`
	Condition              string `json:"condition"`
	ApproximateInvokeCount int    `json:"approximateInvokeCount"`
}

type responseContext struct {
	StatusCode      int    `json:"statusCode"`
	ExecutedVersion string `json:"executedVersion"`
	FunctionError   string `json:"functionError,omitempty"`
}

// recordTimeLayout is the record's timestamp format, e.g.
// 2019-11-14T18:16:05.568Z.
const recordTimeLayout = "2006-01-02T15:04:05.000Z"

func newInvocationRecord(a *attempt, condition string, now time.Time) invocationRecord {
	r := invocationRecord{
		Version:   "1.0",
		Timestamp: now.UTC().Format(recordTimeLayout),
		RequestContext: requestContext{
			RequestID: a.rec.RequestID, FunctionArn: a.rec.qualifiedARN(),
			Condition: condition, ApproximateInvokeCount: a.rec.Attempts,
		},
		RequestPayload: asJSON(a.rec.Payload),
	}
	if a.res != nil {
		r.ResponseContext = &responseContext{StatusCode: 200, ExecutedVersion: a.target.Function.Version, FunctionError: a.res.FunctionError}
		r.ResponsePayload = asJSON(a.res.Payload)
	}
	return r
}

// asJSON passes JSON through and quotes anything else as a string, so a
// function that returns non-JSON bytes still yields a valid record.
func asJSON(raw []byte) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	if json.Valid(raw) {
		return raw
	}
	quoted, _ := json.Marshal(string(raw)) // a string always marshals
	return quoted
}
