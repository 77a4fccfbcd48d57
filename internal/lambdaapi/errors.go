package lambdaapi

import (
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// IsNotFound reports whether err is Lambda's ResourceNotFoundException.
func IsNotFound(err error) bool {
	var nf *types.ResourceNotFoundException
	return errors.As(err, &nf)
}

// IsRolePropagation reports whether err is one of the errors AWS returns while
// a freshly created IAM role has not yet propagated to Lambda. Retrying these
// is the only way to create a function in the same apply as its role.
func IsRolePropagation(err error) bool {
	var ipv *types.InvalidParameterValueException
	if !errors.As(err, &ipv) {
		return false
	}
	msg := ipv.ErrorMessage()
	return strings.Contains(msg, "cannot be assumed by Lambda") ||
		strings.Contains(msg, "execution role does not have permissions")
}

// IsUpdateInProgress reports whether err is the ResourceConflictException AWS
// returns when another update of the function has not finished yet. Other
// conflicts (for example "Function already exist") are not transient.
func IsUpdateInProgress(err error) bool {
	var rc *types.ResourceConflictException
	if !errors.As(err, &rc) {
		return false
	}
	return strings.Contains(strings.ToLower(rc.ErrorMessage()), "in progress")
}

// IsRetryableWrite is the retry predicate for CreateFunction,
// UpdateFunctionConfiguration, UpdateFunctionCode and PublishVersion.
func IsRetryableWrite(err error) bool {
	return IsRolePropagation(err) || IsUpdateInProgress(err)
}
