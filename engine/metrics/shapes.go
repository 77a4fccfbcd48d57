package metrics

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// Request and response shapes of the operations served, shared by every
// protocol: fxamacker/cbor reads the json tags too, and the query protocol
// is converted to JSON first (wire_query.go). Member names are CloudWatch's.

type dimensionIn struct {
	Name  *string `json:"Name,omitempty"`
	Value *string `json:"Value,omitempty"`
}

type metricIn struct {
	Namespace  *string       `json:"Namespace,omitempty"`
	MetricName *string       `json:"MetricName,omitempty"`
	Dimensions []dimensionIn `json:"Dimensions,omitempty"`
}

type metricStatIn struct {
	Metric *metricIn `json:"Metric,omitempty"`
	Period *int32    `json:"Period,omitempty"`
	Stat   *string   `json:"Stat,omitempty"`
	Unit   *string   `json:"Unit,omitempty"`
}

type metricDataQueryIn struct {
	ID         *string       `json:"Id,omitempty"`
	MetricStat *metricStatIn `json:"MetricStat,omitempty"`
	Expression *string       `json:"Expression,omitempty"`
	Label      *string       `json:"Label,omitempty"`
	ReturnData *bool         `json:"ReturnData,omitempty"`
	Period     *int32        `json:"Period,omitempty"`
	AccountID  *string       `json:"AccountId,omitempty"`
}

type getMetricDataIn struct {
	MetricDataQueries []metricDataQueryIn `json:"MetricDataQueries,omitempty"`
	StartTime         *timestamp          `json:"StartTime,omitempty"`
	EndTime           *timestamp          `json:"EndTime,omitempty"`
	NextToken         *string             `json:"NextToken,omitempty"`
	ScanBy            *string             `json:"ScanBy,omitempty"`
	MaxDatapoints     *int32              `json:"MaxDatapoints,omitempty"`
}

type getMetricStatisticsIn struct {
	Namespace          *string       `json:"Namespace,omitempty"`
	MetricName         *string       `json:"MetricName,omitempty"`
	Dimensions         []dimensionIn `json:"Dimensions,omitempty"`
	StartTime          *timestamp    `json:"StartTime,omitempty"`
	EndTime            *timestamp    `json:"EndTime,omitempty"`
	Period             *int32        `json:"Period,omitempty"`
	Statistics         []string      `json:"Statistics,omitempty"`
	ExtendedStatistics []string      `json:"ExtendedStatistics,omitempty"`
	Unit               *string       `json:"Unit,omitempty"`
}

type listMetricsIn struct {
	Namespace      *string       `json:"Namespace,omitempty"`
	MetricName     *string       `json:"MetricName,omitempty"`
	Dimensions     []dimensionIn `json:"Dimensions,omitempty"`
	NextToken      *string       `json:"NextToken,omitempty"`
	RecentlyActive *string       `json:"RecentlyActive,omitempty"`
}

type dimensionOut struct {
	Name  string `json:"Name" xml:"Name"`
	Value string `json:"Value" xml:"Value"`
}

type metricOut struct {
	Namespace  string         `json:"Namespace" xml:"Namespace"`
	MetricName string         `json:"MetricName" xml:"MetricName"`
	Dimensions []dimensionOut `json:"Dimensions" xml:"Dimensions>member"`
}

type listMetricsOut struct {
	Metrics   []metricOut `json:"Metrics" xml:"Metrics>member"`
	NextToken *string     `json:"NextToken,omitempty" xml:"NextToken,omitempty"`
}

type datapointOut struct {
	Timestamp   timestamp `json:"Timestamp" xml:"Timestamp"`
	SampleCount *float64  `json:"SampleCount,omitempty" xml:"SampleCount,omitempty"`
	Average     *float64  `json:"Average,omitempty" xml:"Average,omitempty"`
	Sum         *float64  `json:"Sum,omitempty" xml:"Sum,omitempty"`
	Minimum     *float64  `json:"Minimum,omitempty" xml:"Minimum,omitempty"`
	Maximum     *float64  `json:"Maximum,omitempty" xml:"Maximum,omitempty"`
	Unit        string    `json:"Unit" xml:"Unit"`
}

type getMetricStatisticsOut struct {
	Label      string         `json:"Label" xml:"Label"`
	Datapoints []datapointOut `json:"Datapoints" xml:"Datapoints>member"`
}

type messageOut struct {
	Code  string `json:"Code" xml:"Code"`
	Value string `json:"Value" xml:"Value"`
}

type metricDataResultOut struct {
	ID         string       `json:"Id" xml:"Id"`
	Label      string       `json:"Label" xml:"Label"`
	Timestamps []timestamp  `json:"Timestamps" xml:"Timestamps>member"`
	Values     []float64    `json:"Values" xml:"Values>member"`
	StatusCode string       `json:"StatusCode" xml:"StatusCode"`
	Messages   []messageOut `json:"Messages,omitempty" xml:"Messages>member,omitempty"`
}

type getMetricDataOut struct {
	MetricDataResults []metricDataResultOut `json:"MetricDataResults" xml:"MetricDataResults>member"`
	Messages          []messageOut          `json:"Messages,omitempty" xml:"Messages>member,omitempty"`
	NextToken         *string               `json:"NextToken,omitempty" xml:"NextToken,omitempty"`
}

// timestamp is a CloudWatch timestamp: in CBOR, tag 1 around epoch
// seconds (a float, as the Smithy RPC v2 CBOR protocol requires); in
// JSON, epoch seconds; in query-protocol XML, ISO 8601. Input accepts
// what each protocol's clients send.
type timestamp struct{ time.Time }

func (t timestamp) epoch() float64 { return float64(t.UnixMilli()) / 1e3 }

func (t timestamp) MarshalCBOR() ([]byte, error) {
	return cbor.Marshal(cbor.Tag{Number: 1, Content: t.epoch()})
}

func (t *timestamp) UnmarshalCBOR(b []byte) error {
	var tag cbor.Tag
	if err := cbor.Unmarshal(b, &tag); err != nil || tag.Number != 1 {
		return fmt.Errorf("timestamp: want CBOR tag 1 (epoch seconds): %v", err)
	}
	var secs float64
	switch v := tag.Content.(type) {
	case uint64:
		secs = float64(v)
	case int64:
		secs = float64(v)
	case float64:
		secs = v
	default:
		return fmt.Errorf("timestamp: epoch seconds of type %T", tag.Content)
	}
	t.Time = fromEpoch(secs)
	return nil
}

func (t timestamp) MarshalJSON() ([]byte, error) { return json.Marshal(t.epoch()) }

// UnmarshalJSON takes epoch seconds (AWS JSON 1.0) or a string, which the
// query protocol's conversion produces: ISO 8601 or epoch seconds.
func (t *timestamp) UnmarshalJSON(b []byte) error {
	var secs float64
	if err := json.Unmarshal(b, &secs); err == nil {
		t.Time = fromEpoch(secs)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("timestamp: %w", err)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		t.Time = fromEpoch(f)
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v
			return nil
		}
	}
	return fmt.Errorf("timestamp %q is not ISO 8601", s)
}

func (t timestamp) MarshalText() ([]byte, error) {
	return []byte(t.UTC().Format("2006-01-02T15:04:05.000Z")), nil
}

func fromEpoch(secs float64) time.Time {
	whole, frac := math.Modf(secs)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC()
}
