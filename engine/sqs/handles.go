package sqs

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// A receipt handle names one receive of one message: the queue's uid (so a
// handle never matches a queue created later under the same name), the
// message's sequence number and which receive it was (so an older handle
// can be told from the latest, as DeleteMessage must).
func encodeHandle(uid string, seq uint64, count int) string {
	raw := uid + ":" + strconv.FormatUint(seq, 10) + ":" + strconv.Itoa(count)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

type handle struct {
	uid   string
	seq   uint64
	count int
}

func decodeHandle(h string) (handle, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(h)
	if err != nil {
		return handle{}, false
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 {
		return handle{}, false
	}
	seq, err1 := strconv.ParseUint(parts[1], 10, 64)
	count, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || count < 1 {
		return handle{}, false
	}
	return handle{uid: parts[0], seq: seq, count: count}, true
}

// resolveHandle finds the message a handle names in q: nil (and no error)
// when the message is gone. Callers hold s.mu.
func resolveHandle(q *queue, h string) (*message, handle, error) {
	hd, ok := decodeHandle(h)
	if !ok || hd.uid != q.meta.UID {
		return nil, hd, errReceiptHandle(h)
	}
	return q.bySeq[hd.seq], hd, nil
}

// Delete deletes the message a receipt handle names. As on AWS, deleting
// a message that is already gone succeeds, and a handle from an earlier
// receive than the latest succeeds without deleting the message.
func (s *Store) Delete(ref, receiptHandle string) error {
	_, errs, err := s.DeleteBatch(ref, []string{receiptHandle})
	if err != nil {
		return err
	}
	return errs[0]
}

// DeleteBatch deletes several messages in one commit. err reports a
// failure of the whole call; otherwise errs[i] is handle i's outcome.
func (s *Store) DeleteBatch(ref string, handles []string) (done []bool, errs []error, err error) {
	s.mu.Lock()
	q, err := s.lookup(ref)
	if err != nil {
		s.mu.Unlock()
		return nil, nil, err
	}
	done, errs = make([]bool, len(handles)), make([]error, len(handles))
	var ops []op
	for i, h := range handles {
		m, hd, err := resolveHandle(q, h)
		switch {
		case err != nil:
			errs[i] = err
		case m == nil || m.st.Count != hd.count:
		default:
			q.remove(m)
			done[i] = true
			ops = append(ops, opDeleteMessage(q.meta.UID, m.seq))
		}
	}
	q.tidy()
	return done, errs, s.submitAndNotify(q, ops)
}

// submitAndNotify commits ops (if any), releasing s.mu (held on entry)
// before waiting, and wakes long polls on q, whose FIFO groups may have
// been unblocked.
func (s *Store) submitAndNotify(q *queue, ops []op) error {
	if len(ops) == 0 {
		s.mu.Unlock()
		return nil
	}
	q.notify()
	c := s.file.Submit(ops...)
	s.mu.Unlock()
	return c.Wait()
}

// ChangeVisibility sets how long until an in-flight message becomes
// visible again, counted from now (0 makes it visible at once).
func (s *Store) ChangeVisibility(ref, receiptHandle string, timeout time.Duration) error {
	errs, err := s.ChangeVisibilityBatch(ref, []string{receiptHandle}, []time.Duration{timeout})
	if err != nil {
		return err
	}
	return errs[0]
}

// ChangeVisibilityBatch changes several messages' visibility in one commit.
func (s *Store) ChangeVisibilityBatch(ref string, handles []string, timeouts []time.Duration) ([]error, error) {
	s.mu.Lock()
	q, err := s.lookup(ref)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	errs := make([]error, len(handles))
	now := s.nowMillis()
	var ops []op
	for i, h := range handles {
		var o op
		o, errs[i] = changeVisibility(q, h, timeouts[i], now)
		if o != nil {
			ops = append(ops, o)
		}
	}
	return errs, s.submitAndNotify(q, ops)
}

func changeVisibility(q *queue, h string, timeout time.Duration, now int64) (op, error) {
	secs := int64(timeout / time.Second)
	if timeout < 0 || timeout > maxVisibility {
		return nil, errParamValue(secs, "VisibilityTimeout", "Must be >= 0 and <= 43200, if provided.")
	}
	m, hd, err := resolveHandle(q, h)
	switch {
	case err != nil:
		return nil, err
	case m == nil || m.st.Count != hd.count:
		return nil, errParamValue(h, "ReceiptHandle", msgNoVisibility)
	case !m.inFlight(now):
		return nil, errNotInflight()
	case now-m.st.Last+timeout.Milliseconds() > maxVisibility.Milliseconds():
		return nil, errParamValue(secs, "VisibilityTimeout",
			"Total VisibilityTimeout for the message is beyond the limit [43200 seconds]")
	}
	m.st.VisibleAt = now + timeout.Milliseconds()
	return opPutState(q.meta.UID, m.seq, mustJSON(m.st)), nil
}
