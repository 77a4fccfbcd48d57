// Package codezip validates and unpacks Lambda deployment packages (.zip
// archives) without trusting anything the archive says about itself.
//
// Inspect is what CreateFunction/UpdateFunctionCode run on an uploaded
// ZipFile: it enforces AWS's size quotas by decompressing every entry through
// a capped reader (headers are attacker-controlled) and rejects archives that
// could write outside the function's code directory when extracted. Extract
// unpacks an archive that passes Inspect, atomically.
package codezip

import "net/http"

// AWS error codes carried by Error.
const (
	CodeInvalidParameterValue = "InvalidParameterValueException"
	CodeRequestEntityTooLarge = "RequestEntityTooLargeException"
)

// Limits bounds what an archive may contain.
type Limits struct {
	MaxZipped   int64 // archive bytes (AWS: 50 MB for direct upload)
	MaxUnzipped int64 // sum of decompressed entry bytes (AWS: 250 MB)
	MaxFiles    int   // number of entries, directories included
}

// DefaultLimits returns AWS Lambda's quotas for a direct .zip upload. AWS
// documents no entry-count quota; 100 000 entries is far above any real
// package (large node_modules trees hold tens of thousands) while keeping the
// central directory's in-memory form small.
func DefaultLimits() Limits {
	return Limits{MaxZipped: 52428800, MaxUnzipped: 262144000, MaxFiles: 100000}
}

// Info describes a valid archive.
type Info struct {
	// CodeSha256 is base64 (StdEncoding) of sha256 of the archive bytes,
	// exactly as AWS reports FunctionConfiguration.CodeSha256.
	CodeSha256   string
	Size         int64 // archive bytes (CodeSize)
	UnzippedSize int64 // decompressed bytes of all entries
	Files        int   // regular files and symlinks (directories excluded)
}

// Error is a rejection of the archive. Message is the text the engine returns
// to the caller; where AWS defines one it is AWS's wording.
type Error struct {
	Message string
	// Code is the AWS error code to report. Empty means
	// InvalidParameterValueException, which covers every rejection except the
	// zipped-size quota (RequestEntityTooLargeException, HTTP 413).
	Code string
}

func (e *Error) Error() string { return e.ErrorCode() + ": " + e.Message }

// ErrorCode returns the AWS error code for the rejection.
func (e *Error) ErrorCode() string {
	if e.Code == "" {
		return CodeInvalidParameterValue
	}
	return e.Code
}

// HTTPStatus returns the status AWS uses for ErrorCode.
func (e *Error) HTTPStatus() int {
	if e.ErrorCode() == CodeRequestEntityTooLarge {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// msgUnzip is AWS's message for anything that is not a readable zip archive
// (recorded by LocalStack against real AWS; also returned for empty input).
const msgUnzip = "Could not unzip uploaded file. Please check your file, then try to upload again."

func invalid(msg string) *Error { return &Error{Message: msg, Code: CodeInvalidParameterValue} }
