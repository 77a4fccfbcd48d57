package esm

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/kinesis"
)

// kinesisRecord is one stream record as Lambda delivers it (recorded
// against real AWS in LocalStack's Kinesis event source snapshots).
type kinesisRecord struct {
	Kinesis           kinesisData `json:"kinesis"`
	EventSource       string      `json:"eventSource"`
	EventVersion      string      `json:"eventVersion"`
	EventID           string      `json:"eventID"`
	EventName         string      `json:"eventName"`
	InvokeIdentityArn string      `json:"invokeIdentityArn"`
	AWSRegion         string      `json:"awsRegion"`
	EventSourceARN    string      `json:"eventSourceARN"`
}

type kinesisData struct {
	KinesisSchemaVersion        string  `json:"kinesisSchemaVersion"`
	PartitionKey                string  `json:"partitionKey"`
	SequenceNumber              string  `json:"sequenceNumber"`
	Data                        string  `json:"data"`                        // base64
	ApproximateArrivalTimestamp float64 `json:"approximateArrivalTimestamp"` // epoch seconds
}

func (r *shardReader) newKinesisRecord(rec kinesis.Record, role string) kinesisRecord {
	return kinesisRecord{
		Kinesis: kinesisData{
			KinesisSchemaVersion: "1.0", PartitionKey: rec.PartitionKey, SequenceNumber: rec.SequenceNumber,
			Data:                        base64.StdEncoding.EncodeToString(rec.Data),
			ApproximateArrivalTimestamp: float64(rec.ApproximateArrivalTimestamp.UnixMilli()) / 1000,
		},
		EventSource: "aws:kinesis", EventVersion: "1.0", EventID: r.shard + ":" + rec.SequenceNumber,
		EventName: "aws:kinesis:record", InvokeIdentityArn: role, AWSRegion: r.p.m.opts.Region,
		EventSourceARN: r.p.mp.EventSourceArn,
	}
}

// kinesisView is a record as filter patterns see it: the record's kinesis
// members at the top level, with data decoded and parsed when it is JSON.
func kinesisView(rec kinesis.Record) map[string]any {
	view := map[string]any{
		"kinesisSchemaVersion": "1.0", "partitionKey": rec.PartitionKey, "sequenceNumber": rec.SequenceNumber,
		"approximateArrivalTimestamp": float64(rec.ApproximateArrivalTimestamp.UnixMilli()) / 1000,
		"data":                        base64.StdEncoding.EncodeToString(rec.Data),
	}
	var data any
	dec := json.NewDecoder(strings.NewReader(string(rec.Data)))
	dec.UseNumber()
	if err := dec.Decode(&data); err == nil && !dec.More() {
		view["data"] = data
	}
	return view
}

// streamFailureRecord is what AWS sends to a stream mapping's on-failure
// destination about records it discards.
type streamFailureRecord struct {
	RequestContext struct {
		RequestID              string `json:"requestId"`
		FunctionArn            string `json:"functionArn"`
		Condition              string `json:"condition"`
		ApproximateInvokeCount int    `json:"approximateInvokeCount"`
	} `json:"requestContext"`
	ResponseContext *struct {
		StatusCode      int    `json:"statusCode"`
		ExecutedVersion string `json:"executedVersion"`
		FunctionError   string `json:"functionError,omitempty"`
	} `json:"responseContext,omitempty"`
	Version          string           `json:"version"`
	Timestamp        string           `json:"timestamp"`
	KinesisBatchInfo kinesisBatchInfo `json:"KinesisBatchInfo"`
}

type kinesisBatchInfo struct {
	ShardID                         string `json:"shardId"`
	StartSequenceNumber             string `json:"startSequenceNumber"`
	EndSequenceNumber               string `json:"endSequenceNumber"`
	ApproximateArrivalOfFirstRecord string `json:"approximateArrivalOfFirstRecord"`
	ApproximateArrivalOfLastRecord  string `json:"approximateArrivalOfLastRecord"`
	BatchSize                       int    `json:"batchSize"`
	StreamArn                       string `json:"streamArn"`
}

// isoMillis is the timestamp format of failure records.
func isoMillis(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
