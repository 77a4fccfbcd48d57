package sqs

import (
	"time"
)

// queueMeta is a queue's persisted definition.
type queueMeta struct {
	Name string
	// UID names the queue's data bucket and is part of its receipt handles.
	UID   string
	Attrs map[string]string // settable attributes, defaults filled in
	Tags  map[string]string `json:",omitempty"`
	// Created and Modified are Unix seconds, as the attributes report them.
	Created, Modified int64
	LastPurge         int64 `json:",omitempty"` // Unix milliseconds
}

// queue is a queue's in-memory state, guarded by Store.mu.
type queue struct {
	meta  queueMeta
	fifo  bool
	msgs  []*message // in sequence order; deleted entries are compacted away
	bySeq map[uint64]*message
	// dead counts deleted entries still in msgs.
	dead    int
	nextSeq uint64
	dedup   map[string]dedupRecord
	// wake is closed (and replaced) when messages may have become
	// receivable, to wake long polls.
	wake chan struct{}
	// redrive is the parsed RedrivePolicy; zero when there is none.
	redrive redrivePolicy
}

func newQueue(meta queueMeta) *queue {
	q := &queue{meta: meta, bySeq: map[uint64]*message{}, dedup: map[string]dedupRecord{}, wake: make(chan struct{})}
	q.applyAttrs()
	return q
}

// applyAttrs refreshes the values derived from meta.Attrs.
func (q *queue) applyAttrs() {
	q.fifo = q.meta.Attrs[attrFifoQueue] == "true"
	q.redrive, _ = parseRedrive(q.meta.Attrs[attrRedrivePolicy])
}

// notify wakes every long poll waiting on q.
func (q *queue) notify() {
	close(q.wake)
	q.wake = make(chan struct{})
}

func (q *queue) intAttr(name string) int64 { return atoi(q.meta.Attrs[name]) }

func (q *queue) visibilityTimeout() time.Duration {
	return time.Duration(q.intAttr(attrVisibilityTimeout)) * time.Second
}

func (q *queue) retention() int64 { return q.intAttr(attrMessageRetentionPeriod) * 1000 }

// add appends m as the queue's newest message.
func (q *queue) add(m *message) {
	q.msgs = append(q.msgs, m)
	q.bySeq[m.seq] = m
}

// remove forgets m. Its slice entry stays (so callers may remove while
// iterating over msgs) until tidy compacts the slice.
func (q *queue) remove(m *message) {
	if m.deleted {
		return
	}
	m.deleted = true
	delete(q.bySeq, m.seq)
	q.dead++
}

// tidy compacts msgs once deleted entries are a good share of it, keeping
// scans proportional to the live messages. Not to be called mid-iteration.
func (q *queue) tidy() {
	if q.dead > 64 && q.dead > len(q.msgs)/2 {
		q.compact()
	}
}

func (q *queue) compact() {
	live := q.msgs[:0]
	for _, m := range q.msgs {
		if !m.deleted {
			live = append(live, m)
		}
	}
	clear(q.msgs[len(live):])
	q.msgs = live
	q.dead = 0
}

// counts returns the ApproximateNumberOfMessages{,NotVisible,Delayed}.
func (q *queue) counts(now int64) (visible, inFlight, delayed int) {
	for _, m := range q.msgs {
		switch {
		case m.deleted || !m.committed || m.expired(now, q.retention()):
		case m.inFlight(now):
			inFlight++
		case m.delayUntil() > now:
			delayed++
		default:
			visible++
		}
	}
	return visible, inFlight, delayed
}
