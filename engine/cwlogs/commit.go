package cwlogs

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Appends are group-committed: one goroutine owns the write path, and every
// append that arrives while a commit is being fsynced joins the next
// transaction. A lone caller pays one commit per call; many concurrent
// callers (one per running execution environment) share each fsync.
//
// Guarantee: when Append (or PutLogEvents) returns nil, its events are in a
// committed, fsynced bbolt transaction and survive kill -9 or power loss.
// When it returns an error, none of its events were written.

// maxBatch bounds how many appends share one transaction so a flood of
// callers cannot grow a single commit without limit.
const maxBatch = 256

type appendReq struct {
	group, stream string
	events        []storedInput
	// strict requires the group and stream to exist (PutLogEvents);
	// otherwise they are created on first use, as Lambda does.
	strict bool
	done   chan error
}

// storedInput is an event ready to be written: timestamp in milliseconds.
type storedInput struct {
	ts  int64
	msg string
}

// Append durably adds events to group/stream, creating either on first use.
// It returns once the events are committed to disk (see the guarantee above).
// Events keep their order; a zero Time is stamped with the commit time.
func (s *Store) Append(group, stream string, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	if err := validateNames(group, stream); err != nil {
		return fmt.Errorf("cwlogs: append: %w", err)
	}
	now := s.nowMillis()
	in := make([]storedInput, len(events))
	for i, e := range events {
		in[i] = storedInput{ts: now, msg: e.Message}
		if !e.Time.IsZero() {
			in[i].ts = max(e.Time.UnixMilli(), 0)
		}
	}
	return s.submit(&appendReq{group: group, stream: stream, events: in})
}

func (s *Store) submit(r *appendReq) error {
	r.done = make(chan error, 1)
	select {
	case s.appends <- r:
	case <-s.closing:
		return ErrClosed
	}
	return <-r.done
}

func (s *Store) commitLoop() {
	defer s.wg.Done()
	for {
		select {
		case r := <-s.appends:
			s.commit(s.gather(r))
		case <-s.closing:
			return
		}
	}
}

// gather collects r plus whatever appends are already waiting.
func (s *Store) gather(r *appendReq) []*appendReq {
	batch := []*appendReq{r}
	for len(batch) < maxBatch {
		select {
		case more := <-s.appends:
			batch = append(batch, more)
		default:
			return batch
		}
	}
	return batch
}

// commit writes batch in one transaction. A request that fails a check
// (missing group in strict mode) gets its own error and writes nothing;
// a storage failure fails every request in the batch.
func (s *Store) commit(batch []*appendReq) {
	results := make([]error, len(batch))
	err := s.db.Update(func(tx *bolt.Tx) error {
		now := s.nowMillis()
		for i, r := range batch {
			results[i] = appendTx(tx, r, now, s.retentionDays)
			if results[i] != nil && !isRequestError(results[i]) {
				return results[i]
			}
		}
		return nil
	})
	if err != nil {
		s.log.Error("log append failed", "err", err, "appends", len(batch))
	}
	for i, r := range batch {
		if err != nil {
			r.done <- fmt.Errorf("cwlogs: append to %s/%s: %w", r.group, r.stream, err)
			continue
		}
		r.done <- results[i]
	}
}

func isRequestError(err error) bool {
	return errors.Is(err, errGroupNotFound) || errors.Is(err, errStreamNotFound)
}

// appendTx checks r and then writes it. Nothing is written before the
// checks pass, so a request error leaves the transaction unchanged.
func appendTx(tx *bolt.Tx, r *appendReq, now int64, defaultDays int) error {
	gb, sb, err := openForAppend(tx, r, now, defaultDays)
	if err != nil {
		return err
	}
	var gm groupMeta
	var sm streamMeta
	if err := readMeta(gb, &gm); err != nil {
		return err
	}
	if err := readMeta(sb, &sm); err != nil {
		return err
	}
	events := sb.Bucket(eventsBucket)
	for _, e := range r.events {
		gm.NextSeq++
		k := makeKey(e.ts, gm.NextSeq)
		if err := events.Put(k[:], encodeValue(now, e.msg)); err != nil {
			return fmt.Errorf("put event: %w", err)
		}
		sm.noteEvent(e, now)
	}
	sm.Uploads++
	if err := writeMeta(gb, gm); err != nil {
		return err
	}
	return writeMeta(sb, sm)
}

func (m *streamMeta) noteEvent(e storedInput, now int64) {
	if m.FirstEvent == 0 || e.ts < m.FirstEvent {
		m.FirstEvent = e.ts
	}
	if e.ts > m.LastEvent {
		m.LastEvent = e.ts
	}
	m.LastIngestion = now
	m.StoredBytes += int64(len(e.msg))
}

func openForAppend(tx *bolt.Tx, r *appendReq, now int64, defaultDays int) (gb, sb *bolt.Bucket, err error) {
	gb = groupBucket(tx, r.group)
	if gb == nil {
		if r.strict {
			return nil, nil, errGroupNotFound
		}
		if gb, err = createGroupTx(tx, r.group, groupMeta{CreationTime: now, RetentionDays: defaultDays}); err != nil {
			return nil, nil, err
		}
	}
	if sb = streamBucket(gb, r.stream); sb != nil {
		return gb, sb, nil
	}
	if r.strict {
		return nil, nil, errStreamNotFound
	}
	sb, err = createStreamTx(gb, r.stream, now)
	return gb, sb, err
}
