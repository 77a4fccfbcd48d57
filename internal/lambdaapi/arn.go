package lambdaapi

import (
	"strings"
)

// ParseFunctionRef splits a function reference in any of the forms the
// Lambda API accepts into the bare function name and the qualifier (a version
// or alias, "" when absent):
//
//	my-function                                              my-function:live
//	123456789012:function:my-function                        123456789012:function:my-function:3
//	arn:aws:lambda:us-east-1:123456789012:function:my-function[:QUALIFIER]
func ParseFunctionRef(ref string) (name, qualifier string) {
	parts := strings.Split(ref, ":")
	if len(parts) >= 7 && parts[0] == "arn" && parts[5] == "function" {
		parts = parts[6:]
	} else if len(parts) >= 3 && parts[1] == "function" {
		parts = parts[2:]
	}
	switch len(parts) {
	case 1:
		return parts[0], ""
	case 2:
		return parts[0], parts[1]
	}
	return ref, ""
}

// FunctionName returns the bare function name of a reference.
func FunctionName(ref string) string {
	name, _ := ParseFunctionRef(ref)
	return name
}

// SameFunction reports whether two references (name, partial ARN or ARN,
// unqualified) name the same function. Only the name is compared: a
// provider talks to one account and region.
func SameFunction(a, b string) bool {
	return FunctionName(a) == FunctionName(b)
}

// IsARN reports whether ref is a full ARN rather than a name.
func IsARN(ref string) bool { return strings.HasPrefix(ref, "arn:") }

// UnqualifiedARN strips a version or alias from a function ARN; ARNs without
// one are returned unchanged.
func UnqualifiedARN(functionARN string) string {
	parts := strings.Split(functionARN, ":")
	if len(parts) == 8 && parts[0] == "arn" && parts[5] == "function" {
		return strings.Join(parts[:7], ":")
	}
	return functionARN
}
