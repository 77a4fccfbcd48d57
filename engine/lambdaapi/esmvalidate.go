package lambdaapi

import (
	"regexp"
	"slices"
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/esm"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// patternArn is AWS's Arn shape as its validation messages print it.
const patternArn = `arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)`

var arnRe = regexp.MustCompile(`^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-]+):((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)?:(\d{12})?:(.*)$`)

var (
	startingPositions = []string{"LATEST", "AT_TIMESTAMP", "TRIM_HORIZON"}
	responseTypes     = []string{"ReportBatchItemFailures"}
)

// AWS's per-source batch size defaults.
const (
	defaultSQSBatch    = 10
	defaultStreamBatch = 100
	// maxUnbatchedSQS is the largest SQS batch allowed without a batching
	// window.
	maxUnbatchedSQS = 10
)

// violations are the request's model constraints, which AWS checks before
// anything else (ValidationException).
func (req *esmRequest) violations() []string {
	var v []string
	if arn := req.EventSourceArn; arn != nil && !arnRe.MatchString(*arn) {
		v = append(v, violation(*arn, "eventSourceArn", "Member must satisfy regular expression pattern: "+patternArn))
	}
	v = appendRange(v, req.BatchSize, "batchSize", 1, 10000)
	v = appendRange(v, req.MaximumBatchingWindowInSeconds, "maximumBatchingWindowInSeconds", 0, 300)
	v = appendRange(v, req.ParallelizationFactor, "parallelizationFactor", 1, 10)
	v = appendRange(v, req.MaximumRecordAgeInSeconds, "maximumRecordAgeInSeconds", -1, 604800)
	v = appendRange(v, req.MaximumRetryAttempts, "maximumRetryAttempts", -1, 10000)
	v = appendRange(v, req.TumblingWindowInSeconds, "tumblingWindowInSeconds", 0, 900)
	if sc := req.ScalingConfig; sc != nil {
		v = appendRange(v, sc.MaximumConcurrency, "scalingConfig.maximumConcurrency", 2, 1000)
	}
	if p := req.StartingPosition; p != nil && !slices.Contains(startingPositions, *p) {
		v = append(v, violation(*p, "startingPosition", "Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]"))
	}
	if t := req.FunctionResponseTypes; t != nil {
		if len(*t) > 1 {
			v = append(v, violation("["+strings.Join(*t, ", ")+"]", "functionResponseTypes", "Member must have length less than or equal to 1"))
		}
		for _, s := range *t {
			if !slices.Contains(responseTypes, s) {
				v = append(v, violation("["+strings.Join(*t, ", ")+"]", "functionResponseTypes",
					"Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]"))
				break
			}
		}
	}
	return v
}

// sourceKind tells which poller reads an event source ARN: an SQS queue or
// a Kinesis stream. Other sources (DynamoDB streams, MSK, MQ, DocumentDB)
// are not served by the engine.
func sourceKind(arn string) (string, *APIError) {
	m := arnRe.FindStringSubmatch(arn)
	switch {
	case m == nil:
		return "", invalidParam("Unrecognized event source.")
	case m[2] == "sqs":
		return esm.KindSQS, nil
	case m[2] == "kinesis" && strings.HasPrefix(m[5], "stream/") && !strings.Contains(m[5], "/consumer/"):
		return esm.KindKinesis, nil
	}
	return "", invalidParam("The local Lambdaform engine supports SQS queues and Kinesis data streams as event sources, not %s.", arn)
}

// unsupportedParam rejects a stream-only parameter that is set on an SQS
// mapping, or an SQS-only one on a stream mapping.
func unsupportedParam(param string) *APIError {
	return invalidParam("Unsupported %s parameter for given event source mapping type.", param)
}

// checkKind applies the rules of the mapping's source to the merged
// configuration m and the request that produced it.
func checkKind(m *store.EventSourceMapping, req *esmRequest) *APIError {
	if d := req.DestinationConfig; d != nil && d.OnSuccess != nil {
		return unsupportedParam("DestinationConfig")
	}
	if m.Kind == esm.KindSQS {
		return checkSQS(m, req)
	}
	return checkStream(m, req)
}

func checkSQS(m *store.EventSourceMapping, req *esmRequest) *APIError {
	if req.StartingPosition != nil || req.StartingPositionTimestamp != nil {
		return invalidParam("StartingPosition is not valid for SQS event sources.")
	}
	for name, set := range map[string]bool{
		"DestinationConfig":          req.DestinationConfig != nil && req.DestinationConfig.OnFailure != nil,
		"ParallelizationFactor":      req.ParallelizationFactor != nil,
		"BisectBatchOnFunctionError": req.BisectBatchOnFunctionError != nil,
		"MaximumRetryAttempts":       req.MaximumRetryAttempts != nil,
		"MaximumRecordAgeInSeconds":  req.MaximumRecordAgeInSeconds != nil,
		"TumblingWindowInSeconds":    req.TumblingWindowInSeconds != nil,
	} {
		if set {
			return unsupportedParam(name)
		}
	}
	if m.BatchSize > maxUnbatchedSQS && m.MaximumBatchingWindowInSeconds == 0 {
		return invalidParam("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")
	}
	return nil
}

func checkStream(m *store.EventSourceMapping, req *esmRequest) *APIError {
	if sc := req.ScalingConfig; sc != nil && sc.MaximumConcurrency != nil {
		return unsupportedParam("ScalingConfig")
	}
	switch {
	case m.StartingPosition == "":
		return invalidParam("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.")
	case m.StartingPosition == "AT_TIMESTAMP" && m.StartingPositionTimestamp == nil:
		return invalidParam("Need to specify a timestamp")
	case m.MaximumRecordAgeInSeconds >= 0 && m.MaximumRecordAgeInSeconds < 60:
		return invalidParam("MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)")
	}
	return checkDestination(m.OnFailure)
}

// checkDestination: an on-failure destination must be an SQS queue ARN
// (the engine serves no SNS topic or S3 bucket).
func checkDestination(arn string) *APIError {
	if arn == "" {
		return nil
	}
	if m := arnRe.FindStringSubmatch(arn); m == nil || m[2] != "sqs" {
		return invalidParam("The local Lambdaform engine supports only SQS queues as on-failure destinations, not %s.", arn)
	}
	return nil
}

// checkFilters compiles every pattern as the pollers will.
func checkFilters(fc *filterCriteria) ([]string, *APIError) {
	if fc == nil {
		return nil, nil
	}
	if len(fc.Filters) > 10 {
		return nil, validationErrors(violation(len(fc.Filters), "filterCriteria.filters", "Member must have length less than or equal to 10"))
	}
	var out []string
	for _, f := range fc.Filters {
		if f.Pattern == nil || len(*f.Pattern) > 4096 {
			return nil, invalidParam("Invalid filter pattern definition.")
		}
		if _, err := esm.CompilePattern(*f.Pattern); err != nil {
			return nil, invalidParam("Invalid filter pattern definition.")
		}
		out = append(out, *f.Pattern)
	}
	return out, nil
}
