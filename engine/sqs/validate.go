package sqs

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	maxMessageAttributes = 10
	maxDelaySeconds      = 900
	maxGroupIDLength     = 128
	maxAttrNameLength    = 256
)

// validateBody checks that the body is non-empty and uses only the
// characters XML allows, as AWS requires.
func validateBody(body string) error {
	if body == "" {
		return errMissing("MessageBody")
	}
	for _, r := range body {
		if !allowedRune(r) {
			return errInvalidContents(r)
		}
	}
	return nil
}

func allowedRune(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD && r != utf8.RuneError, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// validateAttributes checks message attributes and returns their size as
// SQS counts it towards the message size limit.
func validateAttributes(attrs map[string]AttributeValue) (int, error) {
	if len(attrs) > maxMessageAttributes {
		return 0, errInvalidParam("Number of message attributes [%d] exceeds the allowed maximum [%d].",
			len(attrs), maxMessageAttributes)
	}
	size := 0
	for name, v := range attrs {
		if err := validateAttribute(name, v); err != nil {
			return 0, err
		}
		size += len(name) + len(v.DataType) + len(v.StringValue) + len(v.BinaryValue)
	}
	return size, nil
}

func validateAttribute(name string, v AttributeValue) error {
	if err := validateAttrName(name); err != nil {
		return err
	}
	switch {
	case v.DataType == "":
		return errInvalidParam("The message attribute '%s' must contain non-empty message attribute type.", name)
	case isBinaryType(v.DataType):
		if len(v.BinaryValue) == 0 {
			return errEmptyAttr(name, "Binary")
		}
	case hasTypePrefix(v.DataType, "String"):
		if v.StringValue == "" {
			return errEmptyAttr(name, "String")
		}
	case hasTypePrefix(v.DataType, "Number"):
		if v.StringValue == "" {
			return errEmptyAttr(name, "Number")
		}
		if _, err := strconv.ParseFloat(v.StringValue, 64); err != nil {
			return errInvalidParam("Can't cast the value of message (user) attribute '%s' to a number.", name)
		}
	default:
		return errInvalidParam("The message attribute '%s' has an invalid message attribute type, "+
			"the set of supported type prefixes is Binary, Number, and String.", name)
	}
	return nil
}

func errEmptyAttr(name, kind string) error {
	return errInvalidParam("The message attribute '%s' must contain non-empty message attribute value "+
		"for message attribute type '%s'.", name, kind)
}

// validateAttrName applies AWS's message attribute naming rules.
func validateAttrName(name string) error {
	lower := strings.ToLower(name)
	switch {
	case name == "":
		return errInvalidParam("The request must contain non-empty message attribute name.")
	case len(name) > maxAttrNameLength:
		return errInvalidParam("Message (user) attribute name '%s' exceeds the maximum allowed length of %d characters.",
			name, maxAttrNameLength)
	case strings.HasPrefix(lower, "aws.") || strings.HasPrefix(lower, "amazon."):
		return errInvalidParam("Message (user) attribute name '%s' uses a reserved prefix.", name)
	case strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, ".."):
		return errInvalidParam("Message (user) attribute name '%s' can not start or end with a period (.), "+
			"and it should not have successive periods (.).", name)
	}
	for _, r := range name {
		if !isIDRune(r) && r != '.' {
			return errInvalidParam("Message (user) attribute name '%s' can only contain alphanumeric characters, "+
				"hyphens (-), underscores (_), and periods (.).", name)
		}
	}
	return nil
}

// hasTypePrefix: "String" and "String.custom" are String types.
func hasTypePrefix(dataType, prefix string) bool {
	return dataType == prefix || strings.HasPrefix(dataType, prefix+".")
}

func isBinaryType(dataType string) bool { return hasTypePrefix(dataType, "Binary") }

// validateSystemAttributes: AWSTraceHeader (a String) is the only system
// attribute a sender may set.
func validateSystemAttributes(attrs map[string]AttributeValue) error {
	for name, v := range attrs {
		if name != "AWSTraceHeader" {
			return errInvalidParam("Message system attribute name '%s' is invalid.", name)
		}
		if v.DataType != "String" || v.StringValue == "" {
			return errInvalidParam("Message system attribute '%s' must contain a non-empty String value.", name)
		}
	}
	return nil
}

// validateGroupToken checks MessageGroupId and MessageDeduplicationId:
// up to 128 printable ASCII characters.
func validateGroupToken(param, v string) error {
	if len(v) > maxGroupIDLength {
		return errParamValue(v, param, fmt.Sprintf("%s can only include alphanumeric and punctuation characters. "+
			"1 to %d in length.", param, maxGroupIDLength))
	}
	for _, r := range v {
		if r < 0x21 || r > 0x7e {
			return errParamValue(v, param, fmt.Sprintf("%s can only include alphanumeric and punctuation characters. "+
				"1 to %d in length.", param, maxGroupIDLength))
		}
	}
	return nil
}
