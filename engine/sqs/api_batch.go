package sqs

import (
	"time"
)

const maxBatchEntries = 10

// validateBatch applies the checks every batch operation makes on its
// entries' IDs before looking at the entries themselves.
func validateBatch(entryName string, ids []string) error {
	switch {
	case len(ids) == 0:
		return newError("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest",
			"There should be at least one %s in the request.", entryName)
	case len(ids) > maxBatchEntries:
		return newError("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
			"Maximum number of entries per request are %d. You have sent %d.", maxBatchEntries, len(ids))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || len(id) > maxQueueName || !isIDChars(id) {
			return newError("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", batchIDRule)
		}
		if seen[id] {
			return newError("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
				"Id %s repeated.", id)
		}
		seen[id] = true
	}
	return nil
}

// batchError is a failed batch entry.
type batchError struct {
	ID          string `json:"Id"`
	SenderFault bool
	Code        string
	Message     string
}

func toBatchError(id string, err error) batchError {
	ae := toAPIError(err)
	return batchError{ID: id, SenderFault: !ae.Receiver, Code: ae.QueryCode, Message: ae.Message}
}

// idOutput is a successful DeleteMessageBatch or
// ChangeMessageVisibilityBatch entry.
type idOutput struct {
	ID string `json:"Id"`
}

type batchOutput[T any] struct {
	Successful []T
	Failed     []batchError
}

func newBatchOutput[T any]() batchOutput[T] {
	return batchOutput[T]{Successful: []T{}, Failed: []batchError{}}
}

func (a *api) sendMessageBatch(rq *request, body []byte) (any, error) {
	var in struct {
		queueURLInput
		Entries []sendEntry
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	inputs := make([]SendInput, len(in.Entries))
	for i, e := range in.Entries {
		ids[i], inputs[i] = e.ID, e.input(rq.sender)
	}
	if err := validateBatch("SendMessageBatchRequestEntry", ids); err != nil {
		return nil, err
	}
	if n := batchSize(inputs); n > maxBatchBytes {
		return nil, errBatchTooLong(n)
	}
	res, errs, err := a.store.SendBatch(rq.ctx, ref, inputs)
	if err != nil {
		return nil, err
	}
	out := newBatchOutput[sendResult]()
	for i, id := range ids {
		if errs[i] != nil {
			out.Failed = append(out.Failed, toBatchError(id, errs[i]))
			continue
		}
		out.Successful = append(out.Successful, toSendResult(id, res[i]))
	}
	return out, nil
}

type handleEntry struct {
	ID                string `json:"Id"`
	ReceiptHandle     string
	VisibilityTimeout *intParam
}

func decodeHandleBatch(rq *request, body []byte, entryName string) (string, []handleEntry, error) {
	var in struct {
		queueURLInput
		Entries []handleEntry
	}
	if err := decode(body, &in); err != nil {
		return "", nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return "", nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.ID
	}
	return ref, in.Entries, validateBatch(entryName, ids)
}

func (a *api) deleteMessageBatch(rq *request, body []byte) (any, error) {
	ref, entries, err := decodeHandleBatch(rq, body, "DeleteMessageBatchRequestEntry")
	if err != nil {
		return nil, err
	}
	handles := make([]string, len(entries))
	for i, e := range entries {
		handles[i] = e.ReceiptHandle
	}
	_, errs, err := a.store.DeleteBatch(ref, handles)
	if err != nil {
		return nil, err
	}
	return idBatchOutput(entries, errs), nil
}

func (a *api) changeMessageVisibilityBatch(rq *request, body []byte) (any, error) {
	ref, entries, err := decodeHandleBatch(rq, body, "ChangeMessageVisibilityBatchRequestEntry")
	if err != nil {
		return nil, err
	}
	handles := make([]string, len(entries))
	timeouts := make([]time.Duration, len(entries))
	for i, e := range entries {
		handles[i] = e.ReceiptHandle
		timeouts[i] = time.Duration(intOr(e.VisibilityTimeout, 0)) * time.Second
	}
	errs, err := a.store.ChangeVisibilityBatch(ref, handles, timeouts)
	if err != nil {
		return nil, err
	}
	return idBatchOutput(entries, errs), nil
}

func idBatchOutput(entries []handleEntry, errs []error) batchOutput[idOutput] {
	out := newBatchOutput[idOutput]()
	for i, e := range entries {
		if errs[i] != nil {
			out.Failed = append(out.Failed, toBatchError(e.ID, errs[i]))
			continue
		}
		out.Successful = append(out.Successful, idOutput{ID: e.ID})
	}
	return out
}
