package auth

import (
	"fmt"
	"net/http"
	"time"
)

// authError is a rejection, rendered by the configured ErrorWriter. AWS's
// front end answers every authentication failure on Lambda with 403.
type authError struct {
	status        int
	code, message string
}

const (
	codeMissingToken  = "MissingAuthenticationTokenException"
	codeIncomplete    = "IncompleteSignatureException"
	codeUnrecognized  = "UnrecognizedClientException"
	codeInvalidSig    = "InvalidSignatureException"
	codeTooLarge      = "RequestEntityTooLargeException"
	amzDateLayout     = "20060102T150405Z"
	scopeDateLayout   = "20060102"
	maxSkew           = 5 * time.Minute
	scopeTerminator   = "aws4_request"
	signingAlgorithm  = "AWS4-HMAC-SHA256"
	msgSignatureWrong = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)

func forbidden(code, msg string) *authError {
	return &authError{status: http.StatusForbidden, code: code, message: msg}
}

// errMissingToken is what lambda.<region>.amazonaws.com returns for a request
// with no signature at all.
func errMissingToken() *authError {
	return forbidden(codeMissingToken, "Missing Authentication Token")
}

func errUnrecognized() *authError {
	return forbidden(codeUnrecognized, "The security token included in the request is invalid.")
}

func errSignature() *authError { return forbidden(codeInvalidSig, msgSignatureWrong) }

func errAlgorithm(alg string) *authError {
	return forbidden(codeIncomplete, fmt.Sprintf("Unsupported AWS 'algorithm': '%s' (only %s for now). ", alg, signingAlgorithm))
}

func errDateFormat(got string) *authError {
	return forbidden(codeIncomplete, fmt.Sprintf(
		"Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", got))
}

func errCredentialParts(cred string) *authError {
	return forbidden(codeIncomplete, fmt.Sprintf(
		"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", cred))
}

func errBothForms() *authError {
	return forbidden(codeIncomplete,
		"Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.")
}

func errHostUnsigned() *authError {
	return forbidden(codeInvalidSig, "'Host' must be a 'SignedHeader' in the AWS Authorization.")
}

// errExpired and errNotYetCurrent use AWS's clock-skew wording, e.g.
// "Signature expired: 20141106T010406Z is now earlier than 20141106T011252Z
// (20141106T011752Z - 5 min.)".
func errExpired(signed, now time.Time) *authError {
	return forbidden(codeInvalidSig, fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - 5 min.)",
		signed.Format(amzDateLayout), now.Add(-maxSkew).Format(amzDateLayout), now.Format(amzDateLayout)))
}

func errNotYetCurrent(signed, now time.Time) *authError {
	return forbidden(codeInvalidSig, fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + 5 min.)",
		signed.Format(amzDateLayout), now.Add(maxSkew).Format(amzDateLayout), now.Format(amzDateLayout)))
}

// errPresignExpired is S3's wording for a presigned URL past X-Amz-Expires;
// Lambda documents none of its own.
func errPresignExpired() *authError { return forbidden(codeInvalidSig, "Request has expired") }

func errBodyTooLarge(limit int64) *authError {
	return &authError{
		status:  http.StatusRequestEntityTooLarge,
		code:    codeTooLarge,
		message: fmt.Sprintf("Request must be smaller than %d bytes", limit),
	}
}
