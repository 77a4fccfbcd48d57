package sqs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// SendInput is one message to send.
type SendInput struct {
	Body string
	// DelaySeconds overrides the queue's DelaySeconds (standard queues
	// only); nil uses the queue's.
	DelaySeconds *int
	Attributes   map[string]AttributeValue
	// SystemAttributes may hold AWSTraceHeader.
	SystemAttributes map[string]AttributeValue
	// GroupID is required on FIFO queues (and optional on standard ones).
	GroupID string
	// DeduplicationID is for FIFO queues; without it a queue with
	// ContentBasedDeduplication uses the body's SHA-256.
	DeduplicationID string
	// SenderID is reported as the SenderId system attribute; default the
	// account ID.
	SenderID string
}

// SendResult describes a sent message.
type SendResult struct {
	MessageID                                      string
	MD5OfBody, MD5OfAttributes, MD5OfSystemAttribs string
	SequenceNumber                                 string // FIFO queues only
}

// dedupWindow is how long FIFO queues remember deduplication IDs.
const dedupWindow = 5 * time.Minute

// dedupRecord is a remembered deduplication ID.
type dedupRecord struct {
	Expires int64 // Unix ms
	Result  SendResult
}

// maxBatchBytes bounds the summed size of a SendMessageBatch.
const maxBatchBytes = 1 << 20

// Send durably adds a message to the queue named by ref (name, URL or ARN).
// It returns once the message is committed.
func (s *Store) Send(ctx context.Context, ref string, in SendInput) (SendResult, error) {
	res, errs, err := s.SendBatch(ctx, ref, []SendInput{in})
	if err != nil {
		return SendResult{}, err
	}
	return res[0], errs[0]
}

// SendBatch sends several messages in one commit. err reports a failure of
// the whole call; otherwise errs[i] says whether message i was sent.
func (s *Store) SendBatch(ctx context.Context, ref string, ins []SendInput) (res []SendResult, errs []error, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	res, errs = make([]SendResult, len(ins)), make([]error, len(ins))
	prepared := make([]*message, len(ins))
	for i, in := range ins {
		prepared[i], errs[i] = prepare(in)
	}
	s.mu.Lock()
	q, err := s.lookup(ref)
	if err != nil {
		s.mu.Unlock()
		return nil, nil, err
	}
	var ops []op
	var added []*message
	now := s.nowMillis()
	for i, m := range prepared {
		if errs[i] != nil {
			continue
		}
		var o []op
		res[i], o, errs[i] = s.enqueue(q, m, ins[i], now)
		if errs[i] == nil && len(o) > 0 {
			ops = append(ops, o...)
			added = append(added, m)
		}
	}
	if len(ops) == 0 {
		s.mu.Unlock()
		return res, errs, nil
	}
	c := s.file.Submit(ops...)
	s.mu.Unlock()
	err = c.Wait()
	s.finishInserts(q, added, err)
	if err != nil {
		return nil, nil, err
	}
	return res, errs, nil
}

// prepare validates a message that does not depend on its queue and
// builds it, with its MD5s.
func prepare(in SendInput) (*message, error) {
	if err := validateBody(in.Body); err != nil {
		return nil, err
	}
	if _, err := validateAttributes(in.Attributes); err != nil {
		return nil, err
	}
	if err := validateSystemAttributes(in.SystemAttributes); err != nil {
		return nil, err
	}
	if in.DelaySeconds != nil && (*in.DelaySeconds < 0 || *in.DelaySeconds > maxDelaySeconds) {
		return nil, errParamValue(*in.DelaySeconds, "DelaySeconds", "DelaySeconds must be >= 0 and <= 900")
	}
	rec := messageRecord{
		ID: newUUID(), Body: in.Body, Attrs: in.Attributes, SysAttrs: in.SystemAttributes,
		MD5Body: md5Hex([]byte(in.Body)), MD5Attrs: md5OfAttributes(in.Attributes),
		MD5Sys: md5OfAttributes(in.SystemAttributes), GroupID: in.GroupID, DedupID: in.DeduplicationID,
		SenderID: in.SenderID,
	}
	return &message{rec: rec}, nil
}

// size is what counts towards MaximumMessageSize: the body and attributes.
func (m *message) size() int {
	n := len(m.rec.Body)
	for name, v := range m.rec.Attrs {
		n += len(name) + len(v.DataType) + len(v.StringValue) + len(v.BinaryValue)
	}
	return n
}

// enqueue applies the queue's rules to m and, unless it is a duplicate,
// adds it (uncommitted) and returns the ops that persist it. Callers hold
// s.mu.
func (s *Store) enqueue(q *queue, m *message, in SendInput, now int64) (SendResult, []op, error) {
	if limit := q.intAttr(attrMaximumMessageSize); int64(m.size()) > limit {
		return SendResult{}, nil, errInvalidParam("One or more parameters are invalid. Reason: Message must be shorter than %d bytes.", limit)
	}
	delay := q.intAttr(attrDelaySeconds)
	if err := s.checkQueueType(q, m, in); err != nil {
		return SendResult{}, nil, err
	}
	if in.DelaySeconds != nil {
		delay = int64(*in.DelaySeconds)
	}
	key := ""
	if q.fifo {
		key = dedupKey(q, m)
		if d, ok := q.dedup[key]; ok && d.Expires > now {
			// Accepted but not delivered again: the original's ID and
			// sequence number, with digests of what this call sent (which
			// the SDKs check against their request).
			return SendResult{MessageID: d.Result.MessageID, SequenceNumber: d.Result.SequenceNumber,
				MD5OfBody: m.rec.MD5Body, MD5OfAttributes: m.rec.MD5Attrs, MD5OfSystemAttribs: m.rec.MD5Sys}, nil, nil
		}
	}
	m.seq = q.nextSeq
	q.nextSeq++
	m.rec.Sent, m.rec.Enqueued = now, now
	if delay > 0 {
		m.rec.DelayUntil = now + delay*1000
	}
	res := SendResult{MessageID: m.rec.ID, MD5OfBody: m.rec.MD5Body, MD5OfAttributes: m.rec.MD5Attrs,
		MD5OfSystemAttribs: m.rec.MD5Sys}
	q.add(m)
	ops := []op{opPutMessage(q.meta.UID, m.seq, mustJSON(m.rec))}
	if q.fifo {
		res.SequenceNumber = m.sequenceNumber()
		d := dedupRecord{Expires: now + dedupWindow.Milliseconds(), Result: res}
		q.dedup[key] = d
		ops = append(ops, opPutDedup(q.meta.UID, key, mustJSON(d)))
	}
	return res, ops, nil
}

// checkQueueType applies the FIFO and standard queues' different rules.
func (s *Store) checkQueueType(q *queue, m *message, in SendInput) error {
	if !q.fifo {
		if in.DeduplicationID != "" {
			return errParamValue(in.DeduplicationID, "MessageDeduplicationId", msgWrongQueueType)
		}
		if in.GroupID != "" {
			return validateGroupToken("MessageGroupId", in.GroupID)
		}
		return nil
	}
	switch {
	case in.DelaySeconds != nil && *in.DelaySeconds != 0:
		return errParamValue(*in.DelaySeconds, "DelaySeconds", msgWrongQueueType)
	case in.GroupID == "":
		return errMissing("MessageGroupId")
	case in.DeduplicationID == "" && q.meta.Attrs[attrContentBasedDedup] != "true":
		return errInvalidParam(msgNeedDedupOrCBD)
	}
	if err := validateGroupToken("MessageGroupId", in.GroupID); err != nil {
		return err
	}
	if in.DeduplicationID == "" {
		sum := sha256.Sum256([]byte(in.Body))
		m.rec.DedupID = hex.EncodeToString(sum[:])
		return nil
	}
	return validateGroupToken("MessageDeduplicationId", in.DeduplicationID)
}

// dedupKey scopes a deduplication ID to the queue or, with
// DeduplicationScope messageGroup, to the message group.
func dedupKey(q *queue, m *message) string {
	if q.meta.Attrs[attrDeduplicationScope] == "messageGroup" {
		return m.rec.GroupID + "\x00" + m.rec.DedupID
	}
	return m.rec.DedupID
}

// finishInserts marks messages receivable once their commit succeeded, or
// takes them back out if it failed.
func (s *Store) finishInserts(q *queue, added []*message, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range added {
		if err != nil {
			q.remove(m)
			if q.fifo {
				forgetDedup(q, m)
			}
			continue
		}
		m.committed = true
	}
	if err == nil && len(added) > 0 {
		q.notify()
	}
}

func forgetDedup(q *queue, m *message) {
	key := dedupKey(q, m)
	if d, ok := q.dedup[key]; ok && d.Result.MessageID == m.rec.ID {
		delete(q.dedup, key)
	}
}

// batchSize sums the messages' sizes for the batch length limit.
func batchSize(ins []SendInput) int {
	n := 0
	for _, in := range ins {
		n += len(in.Body)
		for name, v := range in.Attributes {
			n += len(name) + len(v.DataType) + len(v.StringValue) + len(v.BinaryValue)
		}
	}
	return n
}

func errBatchTooLong(n int) *APIError {
	return newError("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong",
		"Batch requests cannot be longer than %d bytes. You have sent %d bytes.", maxBatchBytes, n)
}
