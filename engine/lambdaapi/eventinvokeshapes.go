package lambdaapi

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/lambdaform/terraform-provider-lambda/engine/async"
)

// AWS's constraints on EventInvokeConfig members (Lambda API reference,
// PutFunctionEventInvokeConfig).
const (
	minEventAge, maxEventAge       = 60, 21600
	maxRetryAttempts               = 2
	maxEventInvokeConfigListItems  = 50
	maxDestinationARN              = 350
	patternDestinationARN          = `$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)`
	msgSpecifyOne                  = "You must specify at least one of error handling or destination setting."
	msgFunctionDoesNotExist        = "The function doesn't exist."
	msgNoEventInvokeConfigTemplate = "The function %s doesn't have an EventInvokeConfig"
)

var destinationARNRe = regexp.MustCompile(`^(?:` + patternDestinationARN + `)$`)

type eventInvokeConfigRequest struct {
	MaximumRetryAttempts     *int                `json:"MaximumRetryAttempts"`
	MaximumEventAgeInSeconds *int                `json:"MaximumEventAgeInSeconds"`
	DestinationConfig        *destinationRequest `json:"DestinationConfig"`
}

type destinationRequest struct {
	OnSuccess *destinationTarget `json:"OnSuccess"`
	OnFailure *destinationTarget `json:"OnFailure"`
}

type destinationTarget struct {
	Destination *string `json:"Destination,omitempty"`
}

func (t *destinationTarget) arn() string {
	if t == nil || t.Destination == nil {
		return ""
	}
	return *t.Destination
}

// empty reports a request that sets nothing, which AWS rejects.
func (r *eventInvokeConfigRequest) empty() bool {
	return r.MaximumRetryAttempts == nil && r.MaximumEventAgeInSeconds == nil && r.DestinationConfig == nil
}

func (r *eventInvokeConfigRequest) violations() []string {
	var v []string
	if n := r.MaximumRetryAttempts; n != nil && *n < 0 {
		v = append(v, violation(*n, "maximumRetryAttempts", "Member must have value greater than or equal to 0"))
	}
	if n := r.MaximumRetryAttempts; n != nil && *n > maxRetryAttempts {
		v = append(v, violation(*n, "maximumRetryAttempts", "Member must have value less than or equal to "+strconv.Itoa(maxRetryAttempts)))
	}
	if n := r.MaximumEventAgeInSeconds; n != nil && *n < minEventAge {
		v = append(v, violation(*n, "maximumEventAgeInSeconds", "Member must have value greater than or equal to "+strconv.Itoa(minEventAge)))
	}
	if n := r.MaximumEventAgeInSeconds; n != nil && *n > maxEventAge {
		v = append(v, violation(*n, "maximumEventAgeInSeconds", "Member must have value less than or equal to "+strconv.Itoa(maxEventAge)))
	}
	if d := r.DestinationConfig; d != nil {
		v = append(v, destinationViolations("destinationConfig.onSuccess.destination", d.OnSuccess.arn())...)
		v = append(v, destinationViolations("destinationConfig.onFailure.destination", d.OnFailure.arn())...)
	}
	return v
}

func destinationViolations(member, arn string) []string {
	var v []string
	if !destinationARNRe.MatchString(arn) {
		v = append(v, violation(arn, member, "Member must satisfy regular expression pattern: "+patternDestinationARN))
	}
	if len(arn) > maxDestinationARN {
		v = append(v, violation(arn, member, "Member must have length less than or equal to "+strconv.Itoa(maxDestinationARN)))
	}
	return v
}

// apply sets what r specifies on c; with replace (Put) it first clears
// everything, as Put overwrites the whole configuration.
func (r *eventInvokeConfigRequest) apply(c *async.Config, replace bool) {
	if replace {
		c.MaximumRetryAttempts, c.MaximumEventAgeInSeconds, c.OnSuccess, c.OnFailure = nil, nil, "", ""
	}
	if r.MaximumRetryAttempts != nil {
		c.MaximumRetryAttempts = r.MaximumRetryAttempts
	}
	if r.MaximumEventAgeInSeconds != nil {
		c.MaximumEventAgeInSeconds = r.MaximumEventAgeInSeconds
	}
	if d := r.DestinationConfig; d != nil {
		if d.OnSuccess != nil {
			c.OnSuccess = d.OnSuccess.arn()
		}
		if d.OnFailure != nil {
			c.OnFailure = d.OnFailure.arn()
		}
	}
}

// eventInvokeConfigReply is AWS's FunctionEventInvokeConfig. LastModified
// is a timestamp without a format trait, which restJson1 sends as epoch
// seconds. DestinationConfig always carries both members, empty when unset.
type eventInvokeConfigReply struct {
	LastModified             float64          `json:"LastModified"`
	FunctionArn              string           `json:"FunctionArn"`
	MaximumRetryAttempts     *int             `json:"MaximumRetryAttempts,omitempty"`
	MaximumEventAgeInSeconds *int             `json:"MaximumEventAgeInSeconds,omitempty"`
	DestinationConfig        destinationReply `json:"DestinationConfig"`
}

type destinationReply struct {
	OnSuccess targetReply `json:"OnSuccess"`
	OnFailure targetReply `json:"OnFailure"`
}

type targetReply struct {
	Destination string `json:"Destination,omitempty"`
}

type listEventInvokeConfigsResponse struct {
	FunctionEventInvokeConfigs []eventInvokeConfigReply `json:"FunctionEventInvokeConfigs"`
	NextMarker                 string                   `json:"NextMarker,omitempty"`
}

func (a *API) eventInvokeConfigReply(c async.Config) eventInvokeConfigReply {
	return eventInvokeConfigReply{
		LastModified:         float64(c.LastModified.UnixMilli()) / 1000,
		FunctionArn:          a.qualifiedARN(c.Function, c.Qualifier),
		MaximumRetryAttempts: c.MaximumRetryAttempts, MaximumEventAgeInSeconds: c.MaximumEventAgeInSeconds,
		DestinationConfig: destinationReply{OnSuccess: targetReply{c.OnSuccess}, OnFailure: targetReply{c.OnFailure}},
	}
}

// invalidDestinationConfig is AWS's message for a destination of a service
// that cannot receive records, which prints the config Java-style.
func invalidDestinationConfig(d *destinationRequest) *APIError {
	part := func(kind string, t *destinationTarget) string {
		if t.arn() == "" {
			return "null"
		}
		return fmt.Sprintf("%s(destination=%s)", kind, t.arn())
	}
	return invalidParam("The provided destination config DestinationConfig(onSuccess=%s, onFailure=%s) is invalid.",
		part("OnSuccess", d.OnSuccess), part("OnFailure", d.OnFailure))
}
