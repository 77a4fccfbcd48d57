package metrics

// Namespace is the CloudWatch namespace of every metric recorded here.
const Namespace = "AWS/Lambda"

// Dimension names AWS uses for function metrics.
const (
	DimFunctionName    = "FunctionName"
	DimResource        = "Resource"
	DimExecutedVersion = "ExecutedVersion"
)

// metricID indexes catalog.
type metricID uint8

const (
	mInvocations metricID = iota
	mErrors
	mThrottles
	mDuration
	mConcurrentExecutions
	mUnreservedConcurrentExecutions
	mDeadLetterErrors
	mDestinationDeliveryFailures
	mIteratorAge
	mProvisionedConcurrentExecutions
	mProvisionedConcurrencyUtilization
	mProvisionedConcurrencyInvocations
	mProvisionedConcurrencySpilloverInvocations
	mAsyncEventsReceived
	mAsyncEventAge
	mAsyncEventsDropped
	numMetrics
)

// level is one of the dimension sets AWS publishes a metric under.
type level uint8

const (
	lvAccount  level = 1 << iota // no dimensions: all functions in the Region
	lvFunction                   // FunctionName
	lvResource                   // FunctionName, Resource (name:qualifier)
	lvExecuted                   // FunctionName, Resource, ExecutedVersion (alias invocations)
)

type metricDef struct {
	name, unit string
	levels     level
}

// Units are CloudWatch's StandardUnit names.
const (
	unitCount        = "Count"
	unitMilliseconds = "Milliseconds"
	unitNone         = "None"
)

const (
	invokeLevels = lvAccount | lvFunction | lvResource | lvExecuted
	fnLevels     = lvAccount | lvFunction | lvResource
)

// catalog lists the metrics in the order ListMetrics and the CLI show
// them, with AWS's units and the dimension sets Lambda publishes them under
// (see "Types of metrics for Lambda functions" in the Lambda developer
// guide): UnreservedConcurrentExecutions is account-wide only, and
// provisioned concurrency exists per version or alias, so its gauges carry
// FunctionName and Resource only (its invocation counts also add up per
// function).
var catalog = [numMetrics]metricDef{
	mInvocations:                                {"Invocations", unitCount, invokeLevels},
	mErrors:                                     {"Errors", unitCount, invokeLevels},
	mThrottles:                                  {"Throttles", unitCount, fnLevels},
	mDuration:                                   {"Duration", unitMilliseconds, invokeLevels},
	mConcurrentExecutions:                       {"ConcurrentExecutions", unitCount, fnLevels},
	mUnreservedConcurrentExecutions:             {"UnreservedConcurrentExecutions", unitCount, lvAccount},
	mDeadLetterErrors:                           {"DeadLetterErrors", unitCount, fnLevels},
	mDestinationDeliveryFailures:                {"DestinationDeliveryFailures", unitCount, fnLevels},
	mIteratorAge:                                {"IteratorAge", unitMilliseconds, fnLevels},
	mProvisionedConcurrentExecutions:            {"ProvisionedConcurrentExecutions", unitCount, lvResource},
	mProvisionedConcurrencyUtilization:          {"ProvisionedConcurrencyUtilization", unitNone, lvResource},
	mProvisionedConcurrencyInvocations:          {"ProvisionedConcurrencyInvocations", unitCount, lvFunction | lvResource},
	mProvisionedConcurrencySpilloverInvocations: {"ProvisionedConcurrencySpilloverInvocations", unitCount, lvFunction | lvResource},
	mAsyncEventsReceived:                        {"AsyncEventsReceived", unitCount, fnLevels},
	mAsyncEventAge:                              {"AsyncEventAge", unitMilliseconds, fnLevels},
	mAsyncEventsDropped:                         {"AsyncEventsDropped", unitCount, fnLevels},
}

// metricByName maps a CloudWatch metric name to its catalog entry.
var metricByName = func() map[string]metricID {
	m := make(map[string]metricID, numMetrics)
	for id, def := range catalog {
		m[def.name] = metricID(id)
	}
	return m
}()

// MetricNames returns the names of every metric recorded, in catalog order.
func MetricNames() []string {
	out := make([]string, numMetrics)
	for i, def := range catalog {
		out[i] = def.name
	}
	return out
}

// Unit returns the CloudWatch unit of a metric, or "" for an unknown name.
func Unit(metric string) string {
	id, ok := metricByName[metric]
	if !ok {
		return ""
	}
	return catalog[id].unit
}
