package runtimeapi

import "strings"

// SanitizeErrorType mirrors RIE's GetValidRuntimeOrFunctionErrorType: a
// value must look like Runtime.Xxx or Function.Xxx (letters only after the
// dot, first one upper case); anything else collapses to Runtime.Unknown or
// Function.Unknown so a runtime cannot inject arbitrary text into reports.
// An absent header stays empty.
func SanitizeErrorType(t string) string {
	if t == "" {
		return ""
	}
	for _, p := range []string{"Runtime.", "Function."} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			if validSuffix(rest) {
				return t
			}
			return p + "Unknown"
		}
	}
	return "Function.Unknown"
}

func validSuffix(s string) bool {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}
