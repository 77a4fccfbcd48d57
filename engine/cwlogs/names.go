package cwlogs

import (
	"fmt"
	"regexp"
	"strings"
)

// Name rules from the CloudWatch Logs API model.
const (
	maxNameLen       = 512
	groupNamePattern = `[\.\-_/#A-Za-z0-9]+`
	streamNameRule   = `[^:*]*`
)

var groupNameRE = regexp.MustCompile(`^` + groupNamePattern + `$`)

// validationError is AWS's message for a request member that breaks the
// model's constraints.
func validationError(value, member, constraint string) error {
	return invalidParam("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s", value, member, constraint)
}

func validateGroupName(member, name string) error {
	switch {
	case name == "" || len(name) > maxNameLen:
		return validationError(name, member, fmt.Sprintf("Member must have length between 1 and %d", maxNameLen))
	case !groupNameRE.MatchString(name):
		return validationError(name, member, "Member must satisfy regular expression pattern: "+groupNamePattern)
	}
	return nil
}

func validateStreamName(member, name string) error {
	switch {
	case name == "" || len(name) > maxNameLen:
		return validationError(name, member, fmt.Sprintf("Member must have length between 1 and %d", maxNameLen))
	case strings.ContainsAny(name, ":*"):
		return validationError(name, member, "Member must satisfy regular expression pattern: "+streamNameRule)
	}
	return nil
}

func validateNames(group, stream string) error {
	if err := validateGroupName("logGroupName", group); err != nil {
		return err
	}
	return validateStreamName("logStreamName", stream)
}
