package kinesis

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// APIError is a Kinesis error: the HTTP status, the error type (sent as
// __type) and AWS's message.
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

func newError(code, format string, args ...any) *APIError {
	return &APIError{Status: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Errors the store returns to Go callers besides *APIError values.
var (
	// ErrClosed is returned by calls made after Close.
	ErrClosed = errors.New("kinesis: store is closed")
)

// Error types AWS uses.
const (
	codeNotFound        = "ResourceNotFoundException"
	codeInUse           = "ResourceInUseException"
	codeInvalidArgument = "InvalidArgumentException"
	codeLimitExceeded   = "LimitExceededException"
	codeExpired         = "ExpiredIteratorException"
	codeValidation      = "ValidationException"
)

// IsNotFound reports whether err says the stream or shard does not exist
// (or is not ACTIVE), so pollers can tell a deleted stream from a failure.
func IsNotFound(err error) bool { return hasCode(err, codeNotFound) }

// IsExpiredIterator reports whether err says the iterator is older than
// five minutes; the poller must get a new one.
func IsExpiredIterator(err error) bool { return hasCode(err, codeExpired) }

func hasCode(err error, code string) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == code
}

func (s *Store) errStreamNotFound(name string) *APIError {
	return newError(codeNotFound, "Stream %s under account %s not found.", name, s.account)
}

func (s *Store) errStreamExists(name string) *APIError {
	return newError(codeInUse, "Stream %s under account %s already exists.", name, s.account)
}

func (s *Store) errShardNotFound(stream, shardID string) *APIError {
	return newError(codeNotFound, "Shard %s in stream %s under account %s does not exist", shardID, stream, s.account)
}

func errInvalid(format string, args ...any) *APIError {
	return newError(codeInvalidArgument, format, args...)
}

// errValidation is AWS's framework validation error for a member that
// breaks its model constraint.
func errValidation(value any, member, constraint string) *APIError {
	return newError(codeValidation, "1 validation error detected: Value '%v' at '%s' failed to satisfy constraint: %s",
		value, member, constraint)
}

func errInvalidIterator() *APIError { return errInvalid("Invalid ShardIterator.") }

// awsTime formats a time as the Java Date.toString that AWS's iterator
// messages carry ("Wed Mar 04 01:02:40 UTC 2020").
func awsTime(t time.Time) string { return t.UTC().Format("Mon Jan 02 15:04:05 MST 2006") }

func errExpiredIterator(issued, now time.Time) *APIError {
	return newError(codeExpired, "Iterator expired. The iterator was created at time %s while right now it is %s "+
		"which is further in the future than the tolerated delay of %d milliseconds.",
		awsTime(issued), awsTime(now), iteratorLifetime.Milliseconds())
}

func errInternal() *APIError {
	return &APIError{Status: http.StatusInternalServerError, Code: "InternalFailure",
		Message: "We encountered an internal error. Please try again."}
}

// toAPIError maps any error to an APIError; unknown errors are internal.
func toAPIError(err error) *APIError {
	if ae, ok := errors.AsType[*APIError](err); ok {
		return ae
	}
	return errInternal()
}
