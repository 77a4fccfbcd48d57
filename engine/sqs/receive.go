package sqs

import (
	"context"
	"time"
)

// ReceiveInput says how many messages to receive and how.
type ReceiveInput struct {
	// MaxMessages is 1 to 10; 0 means 1.
	MaxMessages int
	// VisibilityTimeout overrides the queue's; nil uses the queue's.
	VisibilityTimeout *time.Duration
	// WaitTime is the long-poll wait (up to 20s); nil uses the queue's
	// ReceiveMessageWaitTimeSeconds.
	WaitTime *time.Duration
	// AttributeNames selects message attributes: names, "All", ".*" or
	// "prefix.*". SystemAttributeNames selects system attributes by name
	// or "All". Nil selects none.
	AttributeNames, SystemAttributeNames []string
}

// Message is a received message.
type Message struct {
	MessageID     string
	ReceiptHandle string
	Body          string
	MD5OfBody     string
	// MessageAttributes are the selected attributes; MD5OfMessageAttributes
	// covers exactly those, as AWS's does.
	MessageAttributes      map[string]AttributeValue
	MD5OfMessageAttributes string
	// Attributes are the selected system attributes (SentTimestamp,
	// ApproximateReceiveCount, MessageGroupId, ...).
	Attributes map[string]string
}

const (
	maxReceiveMessages = 10
	maxWaitTime        = 20 * time.Second
	maxVisibility      = 12 * time.Hour
)

// Receive returns up to in.MaxMessages messages, hiding them for the
// visibility timeout. With a wait time it long-polls: it returns as soon as
// a message can be received (a send wakes it at once), or with none when
// the wait is over, ctx is done or the store closes.
func (s *Store) Receive(ctx context.Context, ref string, in ReceiveInput) ([]Message, error) {
	if err := validateReceive(&in); err != nil {
		return nil, err
	}
	var timeout <-chan time.Time
	for first := true; ; first = false {
		msgs, next, wake, wait, err := s.tryReceive(ref, in, first)
		if err != nil || len(msgs) > 0 || wait <= 0 {
			return msgs, err
		}
		if timeout == nil {
			t := time.NewTimer(wait)
			defer t.Stop()
			timeout = t.C
		}
		if done := s.pause(ctx, timeout, wake, next); done {
			return nil, ctx.Err()
		}
	}
}

// pause waits for a change on the queue, for the next pending message to
// become receivable (after next; 0 means none is pending) or for the
// timeout. It reports whether the long poll is over.
func (s *Store) pause(ctx context.Context, timeout <-chan time.Time, wake <-chan struct{}, next time.Duration) bool {
	s.polling.Add(1)
	defer s.polling.Add(-1)
	var soon <-chan time.Time
	if next > 0 {
		t := time.NewTimer(next)
		defer t.Stop()
		soon = t.C
	}
	select {
	case <-ctx.Done():
		return true
	case <-s.file.Closing():
		return true
	case <-timeout:
		return true
	case <-wake:
	case <-soon:
	}
	return false
}

func validateReceive(in *ReceiveInput) error {
	switch {
	case in.MaxMessages == 0:
		in.MaxMessages = 1
	case in.MaxMessages < 1 || in.MaxMessages > maxReceiveMessages:
		return errParamValue(in.MaxMessages, "MaxNumberOfMessages", "Must be between 1 and 10, if provided.")
	}
	if w := in.WaitTime; w != nil && (*w < 0 || *w > maxWaitTime) {
		return errParamValue(int64(*w/time.Second), "WaitTimeSeconds", "Must be >= 0 and <= 20, if provided.")
	}
	if v := in.VisibilityTimeout; v != nil && (*v < 0 || *v > maxVisibility) {
		return errParamValue(int64(*v/time.Second), "VisibilityTimeout", "Must be >= 0 and <= 43200, if provided.")
	}
	return nil
}

// tryReceive takes what can be received now. When nothing can, it returns
// how long to wait in all (only on the first try: later tries keep the
// first deadline), when a message next becomes receivable (0: no message
// is pending) and a channel closed on any change that may make one
// receivable.
func (s *Store) tryReceive(ref string, in ReceiveInput, first bool) (
	msgs []Message, next time.Duration, wake <-chan struct{}, wait time.Duration, err error,
) {
	s.mu.Lock()
	q, err := s.lookup(ref)
	if err != nil {
		s.mu.Unlock()
		return nil, 0, nil, 0, err
	}
	wait = time.Duration(q.intAttr(attrReceiveWaitTime)) * time.Second
	if in.WaitTime != nil {
		wait = *in.WaitTime
	}
	if !first {
		wait = time.Nanosecond // any positive value: the caller's timer is running
	}
	vis := q.visibilityTimeout()
	if in.VisibilityTimeout != nil {
		vis = *in.VisibilityTimeout
	}
	r := receiver{s: s, q: q, now: s.nowMillis(), vis: vis.Milliseconds(), max: in.MaxMessages}
	r.scan()
	q.tidy()
	wake = q.wake
	var c *change
	if len(r.ops) > 0 {
		c = s.file.Submit(r.ops...)
	}
	msgs = r.messages(in)
	s.mu.Unlock()
	if c != nil {
		err = c.Wait()
		for _, mv := range r.moved {
			s.finishInserts(mv.dlq, []*message{mv.m}, err)
		}
		if err != nil {
			return nil, 0, nil, 0, err
		}
	}
	if r.next > 0 {
		next = time.Duration(r.next-r.now) * time.Millisecond
	}
	return msgs, next, wake, wait, nil
}
