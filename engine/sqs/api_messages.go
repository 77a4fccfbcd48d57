package sqs

import (
	"time"
)

// wireAttr is a message attribute value on the wire.
type wireAttr struct {
	DataType    string
	StringValue string
	BinaryValue []byte
}

func toAttrs(in map[string]wireAttr) map[string]AttributeValue {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]AttributeValue, len(in))
	for k, v := range in {
		out[k] = AttributeValue(v)
	}
	return out
}

func fromAttrs(in map[string]AttributeValue) map[string]wireAttr {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]wireAttr, len(in))
	for k, v := range in {
		out[k] = wireAttr(v)
	}
	return out
}

// sendEntry is SendMessage's input and a SendMessageBatch entry.
type sendEntry struct {
	ID                      string `json:"Id"`
	MessageBody             string
	DelaySeconds            *intParam
	MessageAttributes       map[string]wireAttr
	MessageSystemAttributes map[string]wireAttr
	MessageDeduplicationID  string `json:"MessageDeduplicationId"`
	MessageGroupID          string `json:"MessageGroupId"`
}

func (e sendEntry) input(sender string) SendInput {
	in := SendInput{
		Body: e.MessageBody, Attributes: toAttrs(e.MessageAttributes), SystemAttributes: toAttrs(e.MessageSystemAttributes),
		GroupID: e.MessageGroupID, DeduplicationID: e.MessageDeduplicationID, SenderID: sender,
	}
	if e.DelaySeconds != nil {
		d := int(e.DelaySeconds.v)
		in.DelaySeconds = &d
	}
	return in
}

// sendResult is SendMessage's output and a SendMessageBatch success entry.
type sendResult struct {
	ID                           string `json:"Id,omitempty"`
	MessageID                    string `json:"MessageId"`
	MD5OfMessageBody             string
	MD5OfMessageAttributes       string `json:",omitempty"`
	MD5OfMessageSystemAttributes string `json:",omitempty"`
	SequenceNumber               string `json:",omitempty"`
}

func toSendResult(id string, r SendResult) sendResult {
	return sendResult{ID: id, MessageID: r.MessageID, MD5OfMessageBody: r.MD5OfBody,
		MD5OfMessageAttributes: r.MD5OfAttributes, MD5OfMessageSystemAttributes: r.MD5OfSystemAttribs,
		SequenceNumber: r.SequenceNumber}
}

func (a *api) sendMessage(rq *request, body []byte) (any, error) {
	var in struct {
		queueURLInput
		sendEntry
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	res, err := a.store.Send(rq.ctx, ref, in.input(rq.sender))
	if err != nil {
		return nil, err
	}
	return toSendResult("", res), nil
}

func (a *api) receiveMessage(rq *request, body []byte) (any, error) {
	var in struct {
		queueURLInput
		AttributeNames, MessageSystemAttributeNames, MessageAttributeNames []string
		MaxNumberOfMessages, VisibilityTimeout, WaitTimeSeconds            *intParam
		ReceiveRequestAttemptID                                            string `json:"ReceiveRequestAttemptId"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	ri := ReceiveInput{
		MaxMessages:          int(intOr(in.MaxNumberOfMessages, 1)),
		VisibilityTimeout:    seconds(in.VisibilityTimeout),
		WaitTime:             seconds(in.WaitTimeSeconds),
		AttributeNames:       in.MessageAttributeNames,
		SystemAttributeNames: append(in.AttributeNames, in.MessageSystemAttributeNames...),
	}
	msgs, err := a.store.Receive(rq.ctx, ref, ri)
	if err != nil {
		return nil, err
	}
	return receiveOutput(msgs), nil
}

func seconds(p *intParam) *time.Duration {
	if p == nil {
		return nil
	}
	d := time.Duration(p.v) * time.Second
	return &d
}

type wireMessage struct {
	MessageID              string `json:"MessageId"`
	ReceiptHandle          string
	MD5OfBody              string
	Body                   string
	Attributes             map[string]string   `json:",omitempty"`
	MD5OfMessageAttributes string              `json:",omitempty"`
	MessageAttributes      map[string]wireAttr `json:",omitempty"`
}

func receiveOutput(msgs []Message) any {
	var out struct {
		Messages []wireMessage `json:",omitempty"`
	}
	for _, m := range msgs {
		out.Messages = append(out.Messages, wireMessage{
			MessageID: m.MessageID, ReceiptHandle: m.ReceiptHandle, MD5OfBody: m.MD5OfBody, Body: m.Body,
			Attributes: m.Attributes, MD5OfMessageAttributes: m.MD5OfMessageAttributes,
			MessageAttributes: fromAttrs(m.MessageAttributes),
		})
	}
	return out
}

func (a *api) deleteMessage(rq *request, body []byte) (any, error) {
	var in struct {
		queueURLInput
		ReceiptHandle string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	if in.ReceiptHandle == "" {
		return nil, errMissing("ReceiptHandle")
	}
	return struct{}{}, a.store.Delete(ref, in.ReceiptHandle)
}

func (a *api) changeMessageVisibility(rq *request, body []byte) (any, error) {
	var in struct {
		queueURLInput
		ReceiptHandle     string
		VisibilityTimeout *intParam
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	switch {
	case in.ReceiptHandle == "":
		return nil, errMissing("ReceiptHandle")
	case in.VisibilityTimeout == nil:
		return nil, errMissing("VisibilityTimeout")
	}
	return struct{}{}, a.store.ChangeVisibility(ref, in.ReceiptHandle, *seconds(in.VisibilityTimeout))
}
