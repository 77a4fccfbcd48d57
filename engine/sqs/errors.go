package sqs

import (
	"errors"
	"fmt"
	"net/http"
)

// APIError is an SQS error. Code is the JSON protocol's error shape name
// (sent as __type); QueryCode is the awsQueryError code that the query
// protocol puts in <Code> and the JSON protocol in the x-amzn-query-error
// header, which query-compatible SDKs report as the error code.
type APIError struct {
	Status    int
	Code      string
	QueryCode string
	Message   string
	// Receiver marks a server-side fault ("Receiver" rather than "Sender").
	Receiver bool
}

func (e *APIError) Error() string { return e.QueryCode + ": " + e.Message }

func newError(code, queryCode, format string, args ...any) *APIError {
	return &APIError{Status: http.StatusBadRequest, Code: code, QueryCode: queryCode, Message: fmt.Sprintf(format, args...)}
}

// Messages AWS returns; see the SQS API reference and Common Errors.
const (
	msgQueueNotFound  = "The specified queue does not exist."
	msgInternal       = "We encountered an internal error. Please try again."
	fifoNameRule      = "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
	queueNameRule     = "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
	batchIDRule       = "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long."
	msgNotInflight    = "The specified message isn't in flight."
	msgNoVisibility   = "Message does not exist or is not available for visibility timeout change."
	msgNeedDedupOrCBD = "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"
	msgWrongQueueType = "The request include parameter that is not valid for this queue type"
)

// Errors the store returns to Go callers; the API maps them to AWS errors.
var (
	// ErrQueueNotFound: no queue has the given name, URL or ARN.
	ErrQueueNotFound = errors.New("sqs: queue does not exist")
	// ErrClosed is returned by calls made after Close.
	ErrClosed = errors.New("sqs: store is closed")
)

func errQueueNotFound() *APIError {
	return newError("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", msgQueueNotFound)
}

func errInvalidParam(format string, args ...any) *APIError {
	return newError("InvalidParameterValue", "InvalidParameterValue", format, args...)
}

// errParamValue is AWS's usual shape for a bad parameter value.
func errParamValue(value any, param, reason string) *APIError {
	return errInvalidParam("Value %v for parameter %s is invalid. Reason: %s", value, param, reason)
}

func errMissing(param string) *APIError {
	return newError("MissingParameter", "MissingParameter", "The request must contain the parameter %s.", param)
}

func errAttrName(name string) *APIError {
	return newError("InvalidAttributeName", "InvalidAttributeName", "Unknown Attribute %s.", name)
}

func errAttrValue(name string) *APIError {
	return newError("InvalidAttributeValue", "InvalidAttributeValue", "Invalid value for the parameter %s.", name)
}

func errQueueExists(attr string) *APIError {
	return newError("QueueNameExists", "QueueAlreadyExists",
		"A queue already exists with the same name and a different value for attribute %s", attr)
}

func errReceiptHandle(handle string) *APIError {
	return newError("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid",
		"The input receipt handle \"%s\" is not a valid receipt handle.", handle)
}

func errNotInflight() *APIError {
	return newError("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", msgNotInflight)
}

func errPurgeInProgress(queue string) *APIError {
	return newError("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress",
		"Only one PurgeQueue operation on %s is allowed every 60 seconds.", queue)
}

func errInvalidContents(r rune) *APIError {
	return newError("InvalidMessageContents", "InvalidMessageContents",
		"Invalid binary character '#x%X' was found in the message body, the set of allowed characters is "+
			"#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF", r)
}

func errInternal() *APIError {
	return &APIError{Status: http.StatusInternalServerError, Code: "InternalFailure", QueryCode: "InternalFailure",
		Message: msgInternal, Receiver: true}
}

// toAPIError maps any error to an APIError; unknown errors are internal.
func toAPIError(err error) *APIError {
	var ae *APIError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.Is(err, ErrQueueNotFound):
		return errQueueNotFound()
	}
	return errInternal()
}
