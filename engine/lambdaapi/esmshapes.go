package lambdaapi

import (
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/esm"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// esmRequest is the body of CreateEventSourceMapping and
// UpdateEventSourceMapping (Update ignores EventSourceArn,
// StartingPosition(Timestamp) and Tags, which it does not model). Members
// for sources the engine does not serve (Kafka, MQ, DocumentDB) are not
// decoded; a mapping of such a source is refused by its ARN.
type esmRequest struct {
	EventSourceArn                 *string           `json:"EventSourceArn"`
	FunctionName                   *string           `json:"FunctionName"`
	Enabled                        *bool             `json:"Enabled"`
	BatchSize                      *int32            `json:"BatchSize"`
	FilterCriteria                 *filterCriteria   `json:"FilterCriteria"`
	MaximumBatchingWindowInSeconds *int32            `json:"MaximumBatchingWindowInSeconds"`
	ParallelizationFactor          *int32            `json:"ParallelizationFactor"`
	StartingPosition               *string           `json:"StartingPosition"`
	StartingPositionTimestamp      *float64          `json:"StartingPositionTimestamp"`
	DestinationConfig              *esmDestination   `json:"DestinationConfig"`
	MaximumRecordAgeInSeconds      *int32            `json:"MaximumRecordAgeInSeconds"`
	BisectBatchOnFunctionError     *bool             `json:"BisectBatchOnFunctionError"`
	MaximumRetryAttempts           *int32            `json:"MaximumRetryAttempts"`
	TumblingWindowInSeconds        *int32            `json:"TumblingWindowInSeconds"`
	FunctionResponseTypes          *[]string         `json:"FunctionResponseTypes"`
	ScalingConfig                  *esmScalingConfig `json:"ScalingConfig"`
	Tags                           map[string]string `json:"Tags"`
}

type filterCriteria struct {
	Filters []esmFilter `json:"Filters"`
}

type esmFilter struct {
	Pattern *string `json:"Pattern,omitempty"`
}

// esmDestination is DestinationConfig; stream mappings report an empty
// OnFailure object when none is set.
type esmDestination struct {
	OnSuccess *esmTarget `json:"OnSuccess,omitempty"`
	OnFailure *esmTarget `json:"OnFailure,omitempty"`
}

type esmTarget struct {
	Destination *string `json:"Destination,omitempty"`
}

type esmScalingConfig struct {
	MaximumConcurrency *int32 `json:"MaximumConcurrency,omitempty"`
}

// esmReply is EventSourceMappingConfiguration. Which members appear
// depends on the source, as on AWS (recorded in LocalStack's real-AWS
// snapshots): SQS mappings carry no stream settings.
type esmReply struct {
	BatchSize                      int32             `json:"BatchSize"`
	BisectBatchOnFunctionError     *bool             `json:"BisectBatchOnFunctionError,omitempty"`
	DestinationConfig              *esmDestination   `json:"DestinationConfig,omitempty"`
	EventSourceArn                 string            `json:"EventSourceArn"`
	EventSourceMappingArn          string            `json:"EventSourceMappingArn"`
	FilterCriteria                 *filterCriteria   `json:"FilterCriteria,omitempty"`
	FunctionArn                    string            `json:"FunctionArn"`
	FunctionResponseTypes          []string          `json:"FunctionResponseTypes"`
	LastModified                   float64           `json:"LastModified"` // epoch seconds (restJson1 timestamp)
	LastProcessingResult           string            `json:"LastProcessingResult,omitempty"`
	MaximumBatchingWindowInSeconds int32             `json:"MaximumBatchingWindowInSeconds"`
	MaximumRecordAgeInSeconds      *int32            `json:"MaximumRecordAgeInSeconds,omitempty"`
	MaximumRetryAttempts           *int32            `json:"MaximumRetryAttempts,omitempty"`
	ParallelizationFactor          *int32            `json:"ParallelizationFactor,omitempty"`
	ScalingConfig                  *esmScalingConfig `json:"ScalingConfig,omitempty"`
	StartingPosition               string            `json:"StartingPosition,omitempty"`
	StartingPositionTimestamp      *float64          `json:"StartingPositionTimestamp,omitempty"`
	State                          string            `json:"State"`
	StateTransitionReason          string            `json:"StateTransitionReason"`
	TumblingWindowInSeconds        *int32            `json:"TumblingWindowInSeconds,omitempty"`
	UUID                           string            `json:"UUID"`
}

type listEventSourceMappingsResponse struct {
	EventSourceMappings []esmReply `json:"EventSourceMappings"`
	NextMarker          string     `json:"NextMarker,omitempty"`
}

func epochSeconds(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

func (a *API) mappingARN(uuid string) string {
	return "arn:aws:lambda:" + a.cfg.Region + ":" + a.cfg.AccountID + ":event-source-mapping:" + uuid
}

func (a *API) mappingReply(m store.EventSourceMapping) esmReply {
	r := esmReply{
		BatchSize: m.BatchSize, EventSourceArn: m.EventSourceArn, EventSourceMappingArn: a.mappingARN(m.UUID),
		FunctionArn: a.qualifiedARN(m.FunctionName, m.Qualifier), FunctionResponseTypes: m.FunctionResponseTypes,
		LastModified: epochSeconds(m.LastModified), MaximumBatchingWindowInSeconds: m.MaximumBatchingWindowInSeconds,
		State: m.State, StateTransitionReason: m.StateTransitionReason, UUID: m.UUID,
		LastProcessingResult: m.LastProcessingResult,
	}
	if r.FunctionResponseTypes == nil {
		r.FunctionResponseTypes = []string{}
	}
	if len(m.FilterPatterns) > 0 {
		r.FilterCriteria = &filterCriteria{}
		for _, p := range m.FilterPatterns {
			r.FilterCriteria.Filters = append(r.FilterCriteria.Filters, esmFilter{Pattern: &p})
		}
	}
	if m.MaximumConcurrency > 0 {
		r.ScalingConfig = &esmScalingConfig{MaximumConcurrency: &m.MaximumConcurrency}
	}
	if m.Kind == esm.KindKinesis {
		r.BisectBatchOnFunctionError = &m.BisectBatchOnFunctionError
		r.DestinationConfig = &esmDestination{OnFailure: &esmTarget{}}
		if m.OnFailure != "" {
			r.DestinationConfig.OnFailure.Destination = &m.OnFailure
		}
		r.MaximumRecordAgeInSeconds = &m.MaximumRecordAgeInSeconds
		r.MaximumRetryAttempts = &m.MaximumRetryAttempts
		r.ParallelizationFactor = &m.ParallelizationFactor
		r.StartingPosition = m.StartingPosition
		if m.StartingPositionTimestamp != nil {
			ts := epochSeconds(*m.StartingPositionTimestamp)
			r.StartingPositionTimestamp = &ts
		}
		r.TumblingWindowInSeconds = &m.TumblingWindowInSeconds
	}
	return r
}
