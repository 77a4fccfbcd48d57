package lambdaapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// APIError is an error answered in Lambda's restJson1 error shape: the
// X-Amzn-ErrorType header names the type and the JSON body carries the
// message (and "Type":"User" for the service's modelled user errors).
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// messageKeys maps each modelled error to the JSON member that carries its
// message. AWS's models disagree on capitalisation (ResourceNotFoundException
// has "Message", InvalidParameterValueException has "message"), and the SDK
// fills the typed error's Message field only from the modelled member.
var messageKeys = map[string]string{
	"ResourceNotFoundException": "Message",
	"ServiceException":          "Message",
}

// userTyped lists the errors AWS sends with "Type":"User" (recorded in
// LocalStack's real-AWS snapshots); ValidationException and the 413 error
// are not modelled by Lambda and carry only a message.
var userTyped = map[string]bool{
	"ResourceNotFoundException":      true,
	"ResourceConflictException":      true,
	"InvalidParameterValueException": true,
	"PreconditionFailedException":    true,
	"UnknownOperationException":      true,
}

func (e *APIError) body() map[string]any {
	key := messageKeys[e.Code]
	if key == "" {
		key = "message"
	}
	body := map[string]any{key: e.Message}
	if userTyped[e.Code] {
		body["Type"] = "User"
	}
	return body
}

// WriteError writes e to w.
func WriteError(w http.ResponseWriter, e *APIError) {
	raw, err := json.Marshal(e.body())
	if err != nil {
		raw = []byte(`{}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	w.WriteHeader(e.Status)
	_, _ = w.Write(raw)
}

func newErr(status int, code, format string, args ...any) *APIError {
	return &APIError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func invalidParam(format string, args ...any) *APIError {
	return newErr(http.StatusBadRequest, "InvalidParameterValueException", format, args...)
}

func notFound(format string, args ...any) *APIError {
	return newErr(http.StatusNotFound, "ResourceNotFoundException", format, args...)
}

func conflict(format string, args ...any) *APIError {
	return newErr(http.StatusConflict, "ResourceConflictException", format, args...)
}

func tooLarge(format string, args ...any) *APIError {
	return newErr(http.StatusRequestEntityTooLarge, "RequestEntityTooLargeException", format, args...)
}

func serviceError(format string, args ...any) *APIError {
	return newErr(http.StatusInternalServerError, "ServiceException", format, args...)
}

// validationErrors joins constraint violations the way AWS's request
// validation reports them: "N validation error(s) detected: a; b".
func validationErrors(violations ...string) *APIError {
	s := "s"
	if len(violations) == 1 {
		s = ""
	}
	msg := fmt.Sprintf("%d validation error%s detected: %s", len(violations), s, strings.Join(violations, "; "))
	return newErr(http.StatusBadRequest, "ValidationException", "%s", msg)
}

// violation formats one constraint violation on a request member.
func violation(value any, member, constraint string) string {
	return fmt.Sprintf("Value '%v' at '%s' failed to satisfy constraint: %s", value, member, constraint)
}

func preconditionFailed() *APIError {
	return newErr(http.StatusPreconditionFailed, "PreconditionFailedException",
		"The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
}
