package metrics

import (
	"errors"
	"fmt"
	"net/http"
)

// apiError is a CloudWatch error. code is the error shape's name, sent as
// __type by the RPC v2 CBOR and JSON protocols; queryCode is its
// awsQueryError code, which the query protocol puts in <Code> and the
// others in the X-Amzn-Query-Error header, so that SDKs report the same
// code (e.g. InvalidParameterValue) whichever protocol they speak.
type apiError struct {
	status          int
	code, queryCode string
	message         string
	receiver        bool // a server fault
}

func (e *apiError) Error() string { return e.queryCode + ": " + e.message }

func errInvalidValue(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidParameterValueException", "InvalidParameterValue", fmt.Sprintf(format, args...), false}
}

func errMissing(param string) *apiError {
	return &apiError{http.StatusBadRequest, "MissingRequiredParameterException", "MissingParameter",
		fmt.Sprintf("The parameter %s is required.", param), false}
}

func errCombination(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidParameterCombinationException", "InvalidParameterCombination", fmt.Sprintf(format, args...), false}
}

func errNextToken() *apiError {
	return &apiError{http.StatusBadRequest, "InvalidNextToken", "InvalidNextToken", "The service couldn't process the NextToken.", false}
}

func errInternal() *apiError {
	return &apiError{http.StatusInternalServerError, "InternalServiceFault", "InternalServiceError", "Internal service failure.", true}
}

func errSerialization(err error) *apiError {
	return &apiError{http.StatusBadRequest, "SerializationException", "SerializationException", err.Error(), false}
}

func errUnknownOperation(op string) *apiError {
	return &apiError{http.StatusBadRequest, "UnknownOperationException", "InvalidAction",
		fmt.Sprintf("The action %s is not valid for this web service.", op), false}
}

func toAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	return errInternal()
}

func (e *apiError) fault() string {
	if e.receiver {
		return "Receiver"
	}
	return "Sender"
}

// queryErrorHeader is the X-Amzn-Query-Error value: "<code>;<fault>".
func (e *apiError) queryErrorHeader() string { return e.queryCode + ";" + e.fault() }
