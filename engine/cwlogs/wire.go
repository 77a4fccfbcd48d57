package cwlogs

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// apiError is an error in the AWS JSON 1.1 shape:
// HTTP 400 with {"__type": "<Code>", "message": "..."}.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func newAPIError(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func invalidParam(format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, "InvalidParameterException", format, args...)
}

const (
	msgGroupNotFound  = "The specified log group does not exist."
	msgStreamNotFound = "The specified log stream does not exist."
	msgGroupExists    = "The specified log group already exists"
	msgStreamExists   = "The specified log stream already exists"
	msgBadToken       = "The specified nextToken is invalid."
)

// toAPIError maps store and pattern errors to AWS error types; anything
// else is an internal failure.
func toAPIError(err error) *apiError {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.Is(err, errGroupNotFound):
		return newAPIError(http.StatusBadRequest, "ResourceNotFoundException", msgGroupNotFound)
	case errors.Is(err, errStreamNotFound):
		return newAPIError(http.StatusBadRequest, "ResourceNotFoundException", msgStreamNotFound)
	case errors.Is(err, errGroupExists):
		return newAPIError(http.StatusBadRequest, "ResourceAlreadyExistsException", msgGroupExists)
	case errors.Is(err, errStreamExists):
		return newAPIError(http.StatusBadRequest, "ResourceAlreadyExistsException", msgStreamExists)
	case errors.Is(err, errPattern):
		return invalidParam("%s", err.Error())
	}
	return newAPIError(http.StatusInternalServerError, "ServiceUnavailableException", "The service cannot complete the request.")
}

const contentType = "application/x-amz-json-1.1"

func writeError(w http.ResponseWriter, e *apiError) {
	raw, err := json.Marshal(map[string]string{"__type": e.code, "message": e.message})
	if err != nil {
		raw = []byte(`{}`)
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Amzn-ErrorType", e.code)
	w.WriteHeader(e.status)
	_, _ = w.Write(raw)
}

func writeJSON(w http.ResponseWriter, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", contentType)
	_, err = w.Write(raw)
	return err
}

// AuthErrorWriter renders SigV4 failures (auth.ErrorWriter) in the JSON 1.1
// error shape, so SDK clients see the same error types as from AWS.
func AuthErrorWriter(w http.ResponseWriter, _ *http.Request, status int, code, message string) {
	writeError(w, &apiError{status: status, code: code, message: message})
}
