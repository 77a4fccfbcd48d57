package sqs

import (
	"slices"
	"strings"
)

// receiver picks the messages one ReceiveMessage call gets. It runs under
// Store.mu.
type receiver struct {
	s        *Store
	q        *queue
	now, vis int64 // Unix ms; visibility timeout in ms
	max      int

	picked []*message
	ops    []op
	moved  []movedMessage
	// next is when the earliest pending message becomes receivable
	// (Unix ms; 0 if none is pending).
	next int64
	// blocked holds FIFO message groups that cannot deliver this time:
	// a message of theirs is in flight or delayed (groups deliver in order).
	blocked map[string]bool
}

// movedMessage is a message redriven to a dead-letter queue.
type movedMessage struct {
	dlq *queue
	m   *message
}

func (r *receiver) scan() {
	retention := r.q.retention()
	for _, m := range r.q.msgs {
		if len(r.picked) == r.max {
			return
		}
		switch {
		case m.deleted || !m.committed:
			if !m.deleted && r.q.fifo {
				r.block(m) // a group's later messages wait for its earlier sends
			}
		case m.expired(r.now, retention):
			r.q.remove(m)
			r.ops = append(r.ops, opDeleteMessage(r.q.meta.UID, m.seq))
		case r.q.fifo && r.blocked[m.rec.GroupID]:
		case m.inFlight(r.now):
			r.wait(m, m.st.VisibleAt)
		case m.delayUntil() > r.now:
			r.wait(m, m.delayUntil())
		case r.redrive(m):
		default:
			r.take(m)
		}
	}
}

// wait notes a message that will become receivable at t, blocking its
// FIFO group meanwhile.
func (r *receiver) wait(m *message, t int64) {
	if r.next == 0 || t < r.next {
		r.next = t
	}
	if r.q.fifo {
		r.block(m)
	}
}

func (r *receiver) block(m *message) {
	if r.blocked == nil {
		r.blocked = map[string]bool{}
	}
	r.blocked[m.rec.GroupID] = true
}

func (r *receiver) take(m *message) {
	m.st.Count++
	if m.st.First == 0 {
		m.st.First = r.now
	}
	m.st.Last = r.now
	m.st.VisibleAt = r.now + r.vis
	r.picked = append(r.picked, m)
	r.ops = append(r.ops, opPutState(r.q.meta.UID, m.seq, mustJSON(m.st)))
}

// redrive moves m to the dead-letter queue if it has been received
// maxReceiveCount times already, as AWS does on the receive after that.
func (r *receiver) redrive(m *message) bool {
	p := r.q.redrive
	if p.target == "" || m.st.Count < p.maxReceiveCount {
		return false
	}
	dlq, err := r.s.lookup(p.target)
	if err != nil || dlq == r.q {
		return false // no dead-letter queue (any more): keep delivering
	}
	moved := &message{seq: dlq.nextSeq, rec: m.rec}
	dlq.nextSeq++
	moved.rec.DLQSource = r.s.ARN(r.q.meta.Name)
	moved.rec.DelayUntil = 0
	if dlq.fifo {
		moved.rec.Enqueued = r.now // FIFO dead-letter queues restart retention
	}
	dlq.add(moved)
	r.q.remove(m)
	r.ops = append(r.ops, opPutMessage(dlq.meta.UID, moved.seq, mustJSON(moved.rec)),
		opDeleteMessage(r.q.meta.UID, m.seq))
	r.moved = append(r.moved, movedMessage{dlq: dlq, m: moved})
	return true
}

// messages renders the picked messages with the attributes asked for.
func (r *receiver) messages(in ReceiveInput) []Message {
	out := make([]Message, 0, len(r.picked))
	for _, m := range r.picked {
		attrs := selectAttributes(m.rec.Attrs, in.AttributeNames)
		out = append(out, Message{
			MessageID:              m.rec.ID,
			ReceiptHandle:          encodeHandle(r.q.meta.UID, m.seq, m.st.Count),
			Body:                   m.rec.Body,
			MD5OfBody:              m.rec.MD5Body,
			MessageAttributes:      attrs,
			MD5OfMessageAttributes: md5OfAttributes(attrs),
			Attributes:             selectSystem(m.systemAttributes(r.q, r.s.account), in.SystemAttributeNames),
		})
	}
	return out
}

// selectAttributes keeps the message attributes that names select.
func selectAttributes(attrs map[string]AttributeValue, names []string) map[string]AttributeValue {
	if len(attrs) == 0 || len(names) == 0 {
		return nil
	}
	out := map[string]AttributeValue{}
	for name, v := range attrs {
		if attributeSelected(name, names) {
			out[name] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func attributeSelected(name string, names []string) bool {
	for _, n := range names {
		switch {
		case n == "All" || n == ".*" || n == name:
			return true
		case strings.HasSuffix(n, ".*") && strings.HasPrefix(name, strings.TrimSuffix(n, "*")):
			return true
		}
	}
	return false
}

// selectSystem keeps the system attributes that names select.
func selectSystem(all map[string]string, names []string) map[string]string {
	if len(names) == 0 {
		return nil
	}
	if slices.Contains(names, "All") {
		return all
	}
	out := map[string]string{}
	for _, n := range names {
		if v, ok := all[n]; ok {
			out[n] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
