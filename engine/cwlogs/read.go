package cwlogs

import (
	"bytes"
	"container/heap"
	"math"

	bolt "go.etcd.io/bbolt"
)

// StoredEvent is an event as read back.
type StoredEvent struct {
	Stream    string
	Key       eventKey
	Ingestion int64
	Message   string
}

// Timestamp returns the event's timestamp in ms since the epoch.
func (e StoredEvent) Timestamp() int64 { return e.Key.ts() }

// maxResponseBytes is AWS's 1 MB cap on a page of events; like PutLogEvents'
// batch size, each event counts its message plus 26 bytes.
const (
	maxResponseBytes = 1 << 20
	eventOverhead    = 26
)

// readQuery selects events by key range, inclusive at both ends, read in
// one direction. Results are always returned in ascending order.
type readQuery struct {
	lo, hi  eventKey
	forward bool
	limit   int
	// streamName selects one stream (GetLogEvents); otherwise stream, when
	// set, selects which streams to merge (FilterLogEvents).
	streamName string
	stream     func(name string) bool
	// For Filter only: which messages, and how many events one call may
	// examine before returning a partial page.
	match      func(msg string) bool
	scanBudget int
}

// readResult is a page of events. When more is set, last is the key of the
// last event examined, from which the next page continues.
type readResult struct {
	events []StoredEvent
	more   bool
	last   eventKey
}

// readStream reads one stream's events (GetLogEvents). A page read
// backwards is still returned oldest first, as AWS does.
func (s *Store) readStream(group, stream string, q readQuery) (readResult, error) {
	q.streamName = stream
	res, err := s.read(group, q, true)
	if !q.forward {
		reverse(res.events)
	}
	return res, err
}

// filter reads events interleaved across a group's streams
// (FilterLogEvents), in the direction of the query.
func (s *Store) filter(group string, q readQuery) (readResult, error) {
	return s.read(group, q, false)
}

func (s *Store) read(group string, q readQuery, mustHaveStream bool) (readResult, error) {
	var res readResult
	err := s.view(func(tx *bolt.Tx) error {
		gb := groupBucket(tx, group)
		if gb == nil {
			return errGroupNotFound
		}
		if err := s.applyRetention(gb, &q); err != nil {
			return err
		}
		h, err := openCursors(gb, q)
		if err != nil {
			return err
		}
		if mustHaveStream && h.total == 0 {
			return errStreamNotFound
		}
		res, err = h.collect(q)
		return err
	})
	return res, err
}

// applyRetention hides events older than the group's retention even before
// the sweeper deletes them, as AWS stops returning expired events.
func (s *Store) applyRetention(gb *bolt.Bucket, q *readQuery) error {
	var m groupMeta
	if err := readMeta(gb, &m); err != nil {
		return err
	}
	if m.RetentionDays == 0 {
		return nil
	}
	cutoff := makeKey(s.nowMillis()-int64(m.RetentionDays)*dayMillis, 0)
	if bytes.Compare(cutoff[:], q.lo[:]) > 0 {
		q.lo = cutoff
	}
	return nil
}

const dayMillis = 24 * 60 * 60 * 1000

// fullRange is every key an event can have: CloudWatch Logs timestamps are
// never negative (Append clamps pre-1970 times to 0), and the top key is
// left free so that hi.next() never wraps around.
func fullRange() (lo, hi eventKey) {
	return makeKey(0, 0), makeKey(math.MaxInt64, math.MaxUint64-1)
}

// streamCursor walks one stream's events within [lo, hi] in one direction.
type streamCursor struct {
	name string
	c    *bolt.Cursor
	k, v []byte
}

type cursorHeap struct {
	items   []*streamCursor
	forward bool
	total   int // streams selected, including empty ones
}

func (h *cursorHeap) Len() int { return len(h.items) }
func (h *cursorHeap) Less(i, j int) bool {
	c := bytes.Compare(h.items[i].k, h.items[j].k)
	if h.forward {
		return c < 0
	}
	return c > 0
}
func (h *cursorHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *cursorHeap) Push(x any) {
	if sc, ok := x.(*streamCursor); ok {
		h.items = append(h.items, sc)
	}
}
func (h *cursorHeap) Pop() any {
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return last
}

func openCursors(gb *bolt.Bucket, q readQuery) (*cursorHeap, error) {
	h := &cursorHeap{forward: q.forward}
	sbs := gb.Bucket(streamsBucket)
	add := func(name []byte) {
		h.total++
		sc := &streamCursor{name: string(name), c: sbs.Bucket(name).Bucket(eventsBucket).Cursor()}
		if sc.start(q) {
			h.items = append(h.items, sc)
		}
	}
	if q.streamName != "" {
		if sbs.Bucket([]byte(q.streamName)) != nil {
			add([]byte(q.streamName))
		}
		return h, nil
	}
	err := sbs.ForEachBucket(func(name []byte) error {
		if q.stream == nil || q.stream(string(name)) {
			add(name)
		}
		return nil
	})
	heap.Init(h)
	return h, err
}

// start positions the cursor on its first in-range event; false if none.
func (sc *streamCursor) start(q readQuery) bool {
	if q.forward {
		sc.k, sc.v = sc.c.Seek(q.lo[:])
	} else {
		sc.k, sc.v = sc.c.Seek(q.hi[:])
		if sc.k == nil {
			sc.k, sc.v = sc.c.Last()
		} else if bytes.Compare(sc.k, q.hi[:]) > 0 {
			sc.k, sc.v = sc.c.Prev()
		}
	}
	return sc.inRange(q)
}

// advance moves to the next in-range event; false when exhausted.
func (sc *streamCursor) advance(q readQuery) bool {
	if q.forward {
		sc.k, sc.v = sc.c.Next()
	} else {
		sc.k, sc.v = sc.c.Prev()
	}
	return sc.inRange(q)
}

func (sc *streamCursor) inRange(q readQuery) bool {
	return sc.k != nil && bytes.Compare(sc.k, q.lo[:]) >= 0 && bytes.Compare(sc.k, q.hi[:]) <= 0
}

// collect merges the cursors until the page is full, the scan budget is
// spent, or every cursor is exhausted.
func (h *cursorHeap) collect(q readQuery) (readResult, error) {
	var res readResult
	size, scanned := 0, 0
	for h.Len() > 0 {
		if len(res.events) == q.limit || (q.scanBudget > 0 && scanned == q.scanBudget) {
			res.more = true
			break
		}
		sc := h.items[0]
		ev, err := decodeEvent(sc)
		if err != nil {
			return res, err
		}
		if q.match == nil || q.match(ev.Message) {
			if size+len(ev.Message)+eventOverhead > maxResponseBytes && len(res.events) > 0 {
				res.more = true
				break
			}
			size += len(ev.Message) + eventOverhead
			res.events = append(res.events, ev)
		}
		scanned++
		res.last = ev.Key
		if sc.advance(q) {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return res, nil
}

func decodeEvent(sc *streamCursor) (StoredEvent, error) {
	ing, msg, err := decodeValue(sc.v)
	if err != nil {
		return StoredEvent{}, err
	}
	return StoredEvent{Stream: sc.name, Key: keyOf(sc.k), Ingestion: ing, Message: msg}, nil
}

func reverse(events []StoredEvent) {
	for i, j := 0, len(events)-1; i < j; i, j = i+1, j-1 {
		events[i], events[j] = events[j], events[i]
	}
}
