package runtimeapi

// MaxResponseSize is the largest response payload a runtime may post, in
// bytes: 6 MB plus 100 bytes, as RIE's interop model and AWS enforce.
const MaxResponseSize = 6291556

// maxErrorBody bounds what the engine keeps of an error report. AWS crops
// the X-Ray error cause to 64 KiB; an error body is returned to the caller
// like a response, so the response limit applies.
const maxErrorBody = MaxResponseSize

// Invocation is one event handed to the runtime by GET …/invocation/next.
type Invocation struct {
	RequestID       string
	Payload         []byte
	DeadlineMs      int64 // Unix epoch milliseconds
	FunctionARN     string
	TraceID         string
	ClientContext   []byte // decoded client-context JSON; header omitted when empty
	CognitoIdentity []byte // JSON; header omitted when empty
}

// Kind says how an invocation ended.
type Kind int

const (
	// KindResponse: the runtime posted …/response.
	KindResponse Kind = iota + 1
	// KindError: the runtime posted …/error.
	KindError
	// KindTooLarge: the runtime posted a response over MaxResponseSize.
	KindTooLarge
)

// Outcome is the runtime's answer to one Invocation.
type Outcome struct {
	RequestID string
	Kind      Kind
	Body      []byte // response payload, or the error body as posted
	ErrorType string // Lambda-Runtime-Function-Error-Type, sanitised (KindError only)
}

// InitError is what the runtime posted to /runtime/init/error.
type InitError struct {
	ErrorType string
	Body      []byte
}
