package lambdaapi

import (
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// IsConflict reports whether err is any ResourceConflictException, such as
// "Unable to delete version because the following aliases reference it".
func IsConflict(err error) bool {
	var rc *types.ResourceConflictException
	return errors.As(err, &rc)
}

// IsAlreadyExists reports whether err is the ResourceConflictException AWS
// returns for an object that exists already, such as "The statement id (x)
// provided already exists" or "Alias already exists". Retrying it is futile.
func IsAlreadyExists(err error) bool {
	var rc *types.ResourceConflictException
	if !errors.As(err, &rc) {
		return false
	}
	msg := strings.ToLower(rc.ErrorMessage())
	return strings.Contains(msg, "already exist")
}

// IsPermissionRetryable is the retry predicate for AddPermission: conflicts
// other than an existing statement (a concurrent policy or function update)
// always, and on AWS a ResourceNotFoundException too, since a function,
// version or alias created a moment ago may not have propagated yet. Against
// a local engine a missing function is final.
func IsPermissionRetryable(onAWS bool) func(error) bool {
	return func(err error) bool {
		if IsConflict(err) && !IsAlreadyExists(err) {
			return true
		}
		return onAWS && IsNotFound(err)
	}
}
