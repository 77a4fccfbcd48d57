package async

import (
	"context"
	"encoding/json"
	"strconv"
)

// Attribute is an SQS message attribute.
type Attribute struct {
	DataType    string `json:"dataType"`
	StringValue string `json:"stringValue"`
}

// QueueSender delivers to the engine's SQS-compatible queues; the engine
// adapts engine/sqs to it.
type QueueSender interface {
	// SendByARN durably sends one message to the queue with that ARN.
	SendByARN(ctx context.Context, arn, body string, attrs map[string]Attribute) error
}

// deadLetter is the message a dead-letter queue receives: the original
// event, with the attributes AWS adds (recorded against AWS in
// LocalStack's test_dead_letter_queue snapshot: ErrorCode is a Number,
// "200" for a function error; ErrorMessage is the function's
// errorMessage).
func deadLetter(a *attempt) delivery {
	code, msg := "200", ""
	if a.res != nil {
		msg = errorMessage(a.res.Payload)
	} else if a.err != nil {
		code, msg = "500", a.err.Error()
	}
	return delivery{
		Function: a.rec.Function, ARN: a.target.DeadLetterARN, Body: string(a.rec.Payload), DeadLetter: true,
		Attributes: map[string]Attribute{
			"RequestID":    {DataType: "String", StringValue: a.rec.RequestID},
			"ErrorCode":    {DataType: "Number", StringValue: code},
			"ErrorMessage": {DataType: "String", StringValue: msg},
		},
	}
}

// errorMessage extracts errorMessage from a function error payload,
// falling back to the payload itself.
func errorMessage(payload []byte) string {
	var shape struct {
		ErrorMessage *string `json:"errorMessage"`
	}
	if json.Unmarshal(payload, &shape) == nil && shape.ErrorMessage != nil {
		return *shape.ErrorMessage
	}
	if s, err := strconv.Unquote(string(payload)); err == nil {
		return s
	}
	return string(payload)
}
