package sqs

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Queue attribute names.
const (
	attrDelaySeconds             = "DelaySeconds"
	attrMaximumMessageSize       = "MaximumMessageSize"
	attrMessageRetentionPeriod   = "MessageRetentionPeriod"
	attrReceiveWaitTime          = "ReceiveMessageWaitTimeSeconds"
	attrVisibilityTimeout        = "VisibilityTimeout"
	attrPolicy                   = "Policy"
	attrRedrivePolicy            = "RedrivePolicy"
	attrRedriveAllowPolicy       = "RedriveAllowPolicy"
	attrFifoQueue                = "FifoQueue"
	attrContentBasedDedup        = "ContentBasedDeduplication"
	attrDeduplicationScope       = "DeduplicationScope"
	attrFifoThroughputLimit      = "FifoThroughputLimit"
	attrKmsMasterKeyID           = "KmsMasterKeyId"
	attrKmsDataKeyReusePeriod    = "KmsDataKeyReusePeriodSeconds"
	attrSqsManagedSseEnabled     = "SqsManagedSseEnabled"
	attrQueueArn                 = "QueueArn"
	attrApproxMessages           = "ApproximateNumberOfMessages"
	attrApproxMessagesNotVisible = "ApproximateNumberOfMessagesNotVisible"
	attrApproxMessagesDelayed    = "ApproximateNumberOfMessagesDelayed"
	attrCreatedTimestamp         = "CreatedTimestamp"
	attrLastModifiedTimestamp    = "LastModifiedTimestamp"
)

// intRange is a settable integer attribute's valid range.
type intRange struct{ lo, hi int64 }

var intAttrs = map[string]intRange{
	attrDelaySeconds:           {0, 900},
	attrMaximumMessageSize:     {1024, 1 << 20},
	attrMessageRetentionPeriod: {60, 1209600},
	attrReceiveWaitTime:        {0, 20},
	attrVisibilityTimeout:      {0, 43200},
	attrKmsDataKeyReusePeriod:  {60, 86400},
}

// fifoOnly attributes are unknown to standard queues.
var fifoOnly = map[string]bool{
	attrContentBasedDedup: true, attrDeduplicationScope: true, attrFifoThroughputLimit: true,
}

// readOnly attributes are reported by GetQueueAttributes but cannot be set.
var readOnly = map[string]bool{
	attrQueueArn: true, attrApproxMessages: true, attrApproxMessagesNotVisible: true,
	attrApproxMessagesDelayed: true, attrCreatedTimestamp: true, attrLastModifiedTimestamp: true,
}

// defaultAttrs are what a new queue has unless CreateQueue says otherwise.
func defaultAttrs(fifo bool) map[string]string {
	a := map[string]string{
		attrDelaySeconds: "0", attrMaximumMessageSize: "1048576", attrMessageRetentionPeriod: "345600",
		attrReceiveWaitTime: "0", attrVisibilityTimeout: "30", attrSqsManagedSseEnabled: "true",
	}
	if fifo {
		a[attrFifoQueue] = "true"
		a[attrContentBasedDedup] = "false"
		a[attrDeduplicationScope] = "queue"
		a[attrFifoThroughputLimit] = "perQueue"
	}
	return a
}

// normalizeAttr validates one settable attribute and returns its canonical
// value ("" removes an optional attribute such as Policy).
func normalizeAttr(name, value string, fifo bool) (string, error) {
	if readOnly[name] || (fifoOnly[name] && !fifo) {
		return "", errAttrName(name)
	}
	if r, ok := intAttrs[name]; ok {
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
		if err != nil || n < r.lo || n > r.hi {
			return "", errAttrValue(name)
		}
		return strconv.FormatInt(n, 10), nil
	}
	switch name {
	case attrFifoQueue, attrContentBasedDedup, attrSqsManagedSseEnabled:
		return normalizeBool(name, value)
	case attrDeduplicationScope:
		return oneOf(name, value, "messageGroup", "queue")
	case attrFifoThroughputLimit:
		return oneOf(name, value, "perQueue", "perMessageGroupId")
	case attrPolicy, attrRedriveAllowPolicy:
		return normalizeJSONDoc(name, value)
	case attrRedrivePolicy, attrKmsMasterKeyID:
		return value, nil // RedrivePolicy is checked against the store later
	}
	return "", errAttrName(name)
}

func normalizeBool(name, value string) (string, error) {
	switch strings.ToLower(value) {
	case "true":
		return "true", nil
	case "false":
		return "false", nil
	}
	return "", errAttrValue(name)
}

func oneOf(name, value string, allowed ...string) (string, error) {
	for _, a := range allowed {
		if value == a {
			return value, nil
		}
	}
	return "", errAttrValue(name)
}

func normalizeJSONDoc(name, value string) (string, error) {
	if value == "" {
		return "", nil
	}
	if !json.Valid([]byte(value)) {
		return "", errAttrValue(name)
	}
	return value, nil
}

// redrivePolicy is a parsed RedrivePolicy attribute.
type redrivePolicy struct {
	target          string // dead-letter queue ARN
	maxReceiveCount int
}

// parseRedrive parses a RedrivePolicy; AWS accepts maxReceiveCount as a
// number or a numeric string.
func parseRedrive(policy string) (redrivePolicy, error) {
	if policy == "" {
		return redrivePolicy{}, nil
	}
	var raw struct {
		DeadLetterTargetArn string          `json:"deadLetterTargetArn"`
		MaxReceiveCount     json.RawMessage `json:"maxReceiveCount"`
	}
	if err := json.Unmarshal([]byte(policy), &raw); err != nil {
		return redrivePolicy{}, redriveError(policy, "Invalid value for RedrivePolicy.")
	}
	n, err := strconv.Atoi(strings.Trim(string(raw.MaxReceiveCount), `"`))
	switch {
	case raw.DeadLetterTargetArn == "":
		return redrivePolicy{}, redriveError(policy, "Dead letter target can not be empty.")
	case err != nil || n < 1 || n > 1000:
		return redrivePolicy{}, redriveError(policy, "Invalid value for maxReceiveCount: "+
			strings.Trim(string(raw.MaxReceiveCount), `"`)+", valid values are from 1 to 1000 both inclusive.")
	}
	return redrivePolicy{target: raw.DeadLetterTargetArn, maxReceiveCount: n}, nil
}

func redriveError(policy, reason string) *APIError {
	return errParamValue(policy, attrRedrivePolicy, reason)
}

// canonicalRedrive is how AWS reports a RedrivePolicy: compact JSON with
// maxReceiveCount as a number.
func canonicalRedrive(p redrivePolicy) string {
	return fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":%d}`, p.target, p.maxReceiveCount)
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
