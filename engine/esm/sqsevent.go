package esm

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/sqs"
)

// sqsRecord is one message as Lambda delivers it (recorded against real
// AWS in LocalStack's SQS event source snapshots), members in AWS's order.
type sqsRecord struct {
	MessageID              string                   `json:"messageId"`
	ReceiptHandle          string                   `json:"receiptHandle"`
	Body                   string                   `json:"body"`
	Attributes             orderedStrings           `json:"attributes"`
	MessageAttributes      map[string]sqsRecordAttr `json:"messageAttributes"`
	MD5OfMessageAttributes *string                  `json:"md5OfMessageAttributes"`
	MD5OfBody              string                   `json:"md5OfBody"`
	EventSource            string                   `json:"eventSource"`
	EventSourceARN         string                   `json:"eventSourceARN"`
	AWSRegion              string                   `json:"awsRegion"`
	size                   int                      // bytes of the record's JSON, set by view
}

// sqsRecordAttr is a message attribute in the event: the list members
// are always present (empty), as AWS sends them.
type sqsRecordAttr struct {
	StringValue      *string  `json:"stringValue,omitempty"`
	BinaryValue      *string  `json:"binaryValue,omitempty"`
	StringListValues []string `json:"stringListValues"`
	BinaryListValues []string `json:"binaryListValues"`
	DataType         string   `json:"dataType"`
}

// sqsAttrOrder is the order AWS lists system attributes in the event.
var sqsAttrOrder = []string{
	"ApproximateReceiveCount", "AWSTraceHeader", "SentTimestamp", "SequenceNumber", "MessageGroupId",
	"SenderId", "MessageDeduplicationId", "ApproximateFirstReceiveTimestamp", "DeadLetterQueueSourceArn",
}

// orderedStrings marshals a string map in a fixed key order.
type orderedStrings struct {
	keys []string
	vals map[string]string
}

func (o orderedStrings) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kj, _ := json.Marshal(k)
		vj, _ := json.Marshal(o.vals[k])
		buf.Write(kj)
		buf.WriteByte(':')
		buf.Write(vj)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func newSQSRecord(m sqs.Message, queueARN, region string) *sqsRecord {
	r := &sqsRecord{
		MessageID: m.MessageID, ReceiptHandle: m.ReceiptHandle, Body: m.Body, MD5OfBody: m.MD5OfBody,
		Attributes:        orderedStrings{vals: m.Attributes},
		MessageAttributes: make(map[string]sqsRecordAttr, len(m.MessageAttributes)),
		EventSource:       "aws:sqs", EventSourceARN: queueARN, AWSRegion: region,
	}
	for _, k := range sqsAttrOrder {
		if _, ok := m.Attributes[k]; ok {
			r.Attributes.keys = append(r.Attributes.keys, k)
		}
	}
	for name, a := range m.MessageAttributes {
		ra := sqsRecordAttr{StringListValues: []string{}, BinaryListValues: []string{}, DataType: a.DataType}
		if strings.HasPrefix(a.DataType, "Binary") {
			b := base64.StdEncoding.EncodeToString(a.BinaryValue)
			ra.BinaryValue = &b
		} else {
			s := a.StringValue
			ra.StringValue = &s
		}
		r.MessageAttributes[name] = ra
	}
	if m.MD5OfMessageAttributes != "" {
		md5 := m.MD5OfMessageAttributes
		r.MD5OfMessageAttributes = &md5
	}
	return r
}

// view is the record as filter patterns see it: the JSON of the record,
// with the body parsed when it is JSON (so patterns can reach into it).
func (r *sqsRecord) view() map[string]any {
	raw, err := json.Marshal(r)
	if err != nil {
		return nil
	}
	r.size = len(raw)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil
	}
	var body any
	dec := json.NewDecoder(strings.NewReader(r.Body))
	dec.UseNumber()
	if err := dec.Decode(&body); err == nil && !dec.More() {
		out["body"] = body
	}
	return out
}
