package sqs

import (
	"crypto/md5" // SQS defines its digests as MD5
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// AttributeValue is a message attribute: DataType is String, Number or
// Binary, optionally with a custom suffix ("String.json", "Binary.gif").
type AttributeValue struct {
	DataType    string
	StringValue string `json:",omitempty"`
	BinaryValue []byte `json:",omitempty"`
}

// messageRecord is a message as persisted; it never changes after send.
type messageRecord struct {
	ID       string
	Body     string
	Attrs    map[string]AttributeValue `json:",omitempty"`
	SysAttrs map[string]AttributeValue `json:",omitempty"`
	// MD5s are kept so receives do not recompute them.
	MD5Body, MD5Attrs, MD5Sys string
	Sent                      int64 // Unix ms
	// Enqueued starts the retention period: the send time, except that a
	// FIFO dead-letter queue restarts it when a message moves in.
	Enqueued   int64
	DelayUntil int64  `json:",omitempty"` // Unix ms; not receivable before
	GroupID    string `json:",omitempty"`
	DedupID    string `json:",omitempty"`
	SenderID   string `json:",omitempty"`
	// DLQSource is the ARN of the queue a dead-lettered message came from.
	DLQSource string `json:",omitempty"`
}

// stateRecord is a message's receive state as persisted.
type stateRecord struct {
	Count     int   // ApproximateReceiveCount
	First     int64 // ApproximateFirstReceiveTimestamp, Unix ms
	Last      int64 // latest receive, Unix ms (bounds ChangeMessageVisibility)
	VisibleAt int64 // Unix ms; in flight until then
}

// message is one message in memory, guarded by Store.mu.
type message struct {
	seq uint64
	rec messageRecord
	st  stateRecord
	// committed is false while the send that created the message is
	// still being written; receives skip it.
	committed bool
	deleted   bool
}

func (m *message) delayUntil() int64 { return m.rec.DelayUntil }

// inFlight: received and its visibility timeout has not run out.
func (m *message) inFlight(now int64) bool { return m.st.Count > 0 && m.st.VisibleAt > now }

func (m *message) expired(now, retention int64) bool { return now >= m.rec.Enqueued+retention }

// sequenceNumber is the FIFO SequenceNumber: a 20-digit decimal string, as
// AWS's are, increasing within the queue.
func (m *message) sequenceNumber() string { return fmt.Sprintf("%020d", m.seq) }

func md5Hex(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}

// md5OfAttributes is MD5OfMessageAttributes as AWS computes it (and SDKs
// verify it): over the attributes sorted by name, each encoded as
// length-prefixed name, length-prefixed data type, one transport byte (1
// for String and Number, 2 for Binary) and the length-prefixed value, with
// 4-byte big-endian lengths. It is "" when there are no attributes.
func md5OfAttributes(attrs map[string]AttributeValue) string {
	if len(attrs) == 0 {
		return ""
	}
	var buf []byte
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		v := attrs[name]
		buf = appendLengthPrefixed(buf, []byte(name))
		buf = appendLengthPrefixed(buf, []byte(v.DataType))
		if isBinaryType(v.DataType) {
			buf = append(buf, 2)
			buf = appendLengthPrefixed(buf, v.BinaryValue)
		} else {
			buf = append(buf, 1)
			buf = appendLengthPrefixed(buf, []byte(v.StringValue))
		}
	}
	return md5Hex(buf)
}

func appendLengthPrefixed(buf, b []byte) []byte {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(b)))
	return append(buf, b...)
}

// systemAttributes are the message's system attributes as ReceiveMessage
// reports them (all of them; callers filter by the names asked for).
func (m *message) systemAttributes(q *queue, account string) map[string]string {
	out := map[string]string{
		"SenderId":                         m.rec.SenderID,
		"SentTimestamp":                    strconv.FormatInt(m.rec.Sent, 10),
		"ApproximateReceiveCount":          strconv.Itoa(m.st.Count),
		"ApproximateFirstReceiveTimestamp": strconv.FormatInt(m.st.First, 10),
	}
	if out["SenderId"] == "" {
		out["SenderId"] = account
	}
	if m.rec.GroupID != "" {
		out["MessageGroupId"] = m.rec.GroupID
	}
	if q.fifo {
		out["MessageDeduplicationId"] = m.rec.DedupID
		out["SequenceNumber"] = m.sequenceNumber()
	}
	if v, ok := m.rec.SysAttrs["AWSTraceHeader"]; ok {
		out["AWSTraceHeader"] = v.StringValue
	}
	if m.rec.DLQSource != "" {
		out["DeadLetterQueueSourceArn"] = m.rec.DLQSource
	}
	return out
}
