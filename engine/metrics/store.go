package metrics

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// File layout: bucket "series" holds one nested bucket per series, named
// by seriesKey.storeKey; its keys are minutes (Unix seconds / 60, 8 bytes
// big-endian, so cursor order is time order) and its values that minute's
// Stats as four big-endian float64s.

const statsSize = 32

func minuteKey(m int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(m)) }

func encodeStats(s Stats) []byte {
	b := make([]byte, 0, statsSize)
	for _, f := range []float64{s.SampleCount, s.Sum, s.Minimum, s.Maximum} {
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(f))
	}
	return b
}

func decodeStats(b []byte) (Stats, error) {
	if len(b) != statsSize {
		return Stats{}, fmt.Errorf("metrics: stored statistics have %d bytes, want %d", len(b), statsSize)
	}
	f := func(i int) float64 { return math.Float64frombits(binary.BigEndian.Uint64(b[i*8:])) }
	return Stats{SampleCount: f(0), Sum: f(1), Minimum: f(2), Maximum: f(3)}, nil
}

// Flush merges every minute recorded since the last flush into the file in
// one transaction. The flusher calls it every FlushInterval and Close
// calls it last; tests call it to exercise the file.
func (r *Recorder) Flush() error {
	r.flushMu.Lock()
	defer r.flushMu.Unlock()
	if r.closed {
		return ErrClosed
	}
	pending := r.unflushed
	for _, s := range r.allSeries() {
		if pts := s.drain(pending[s.key]); len(pts) > 0 {
			pending[s.key] = pts
		}
	}
	if len(pending) == 0 {
		return nil
	}
	err := r.db.Update(func(tx *bolt.Tx) error {
		root := tx.Bucket(seriesBucket)
		for k, pts := range pending {
			if err := mergePoints(root, k, pts); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		r.unflushed = pending // kept for the next flush; reads still see them
		return fmt.Errorf("metrics: flush: %w", err)
	}
	r.unflushed = map[seriesKey][]point{}
	return nil
}

func mergePoints(root *bolt.Bucket, k seriesKey, pts []point) error {
	b, err := root.CreateBucketIfNotExists(k.storeKey())
	if err != nil {
		return err
	}
	for _, p := range pts {
		key := minuteKey(p.minute)
		st := p.stats
		if old := b.Get(key); old != nil {
			prev, err := decodeStats(old)
			if err != nil {
				return err
			}
			prev.merge(st)
			st = prev
		}
		if err := b.Put(key, encodeStats(st)); err != nil {
			return err
		}
	}
	return nil
}

func (r *Recorder) allSeries() []*series {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Collect(maps.Values(r.series))
}

// Sweep deletes minutes older than the retention period and series left
// without any.
func (r *Recorder) Sweep() error {
	r.flushMu.Lock()
	defer r.flushMu.Unlock()
	if r.closed {
		return ErrClosed
	}
	cutoff := minuteKey(r.minute() - int64(r.retention.Minutes()))
	err := r.db.Update(func(tx *bolt.Tx) error {
		root := tx.Bucket(seriesBucket)
		var empty [][]byte
		err := root.ForEachBucket(func(name []byte) error {
			b := root.Bucket(name)
			c := b.Cursor()
			for k, _ := c.First(); k != nil && string(k) < string(cutoff); k, _ = c.First() {
				if err := c.Delete(); err != nil {
					return err
				}
			}
			if k, _ := c.First(); k == nil {
				empty = append(empty, slices.Clone(name))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, name := range empty {
			if err := root.DeleteBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("metrics: sweep: %w", err)
	}
	return nil
}

// read returns, for each key, its minutes in [lo, hi) in time order, from
// the file and from memory together. Holding flushMu for reading keeps a
// flush from moving minutes between the two while they are read.
func (r *Recorder) read(keys []seriesKey, lo, hi int64) ([][]point, error) {
	r.flushMu.RLock()
	defer r.flushMu.RUnlock()
	if r.closed {
		return nil, ErrClosed
	}
	out := make([][]point, len(keys))
	err := r.db.View(func(tx *bolt.Tx) error {
		root := tx.Bucket(seriesBucket)
		for i, k := range keys {
			pts, err := readBucket(root.Bucket(k.storeKey()), lo, hi)
			if err != nil {
				return err
			}
			out[i] = pts
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("metrics: read: %w", err)
	}
	for i, k := range keys {
		for _, p := range r.unflushed[k] {
			if p.minute >= lo && p.minute < hi {
				out[i] = append(out[i], p)
			}
		}
		r.mu.RLock()
		s := r.series[k]
		r.mu.RUnlock()
		if s != nil {
			out[i] = s.peek(lo, hi, out[i])
		}
		out[i] = coalesce(out[i])
	}
	return out, nil
}

func readBucket(b *bolt.Bucket, lo, hi int64) ([]point, error) {
	if b == nil {
		return nil, nil
	}
	var out []point
	c := b.Cursor()
	for k, v := c.Seek(minuteKey(lo)); k != nil; k, v = c.Next() {
		m := int64(binary.BigEndian.Uint64(k))
		if m >= hi {
			break
		}
		st, err := decodeStats(v)
		if err != nil {
			return nil, err
		}
		out = append(out, point{m, st})
	}
	return out, nil
}

// coalesce sorts points by minute and merges those of the same minute.
func coalesce(pts []point) []point {
	slices.SortStableFunc(pts, func(a, b point) int { return int(a.minute - b.minute) })
	out := pts[:0]
	for _, p := range pts {
		if n := len(out); n > 0 && out[n-1].minute == p.minute {
			out[n-1].stats.merge(p.stats)
			continue
		}
		out = append(out, p)
	}
	return out
}

// keys returns every series with data: in the file or recorded since.
func (r *Recorder) keys() ([]seriesKey, error) {
	r.flushMu.RLock()
	defer r.flushMu.RUnlock()
	if r.closed {
		return nil, ErrClosed
	}
	set := map[seriesKey]bool{}
	for k := range r.unflushed {
		set[k] = true
	}
	r.mu.RLock()
	for k := range r.series {
		set[k] = true
	}
	r.mu.RUnlock()
	err := r.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(seriesBucket).ForEachBucket(func(name []byte) error {
			if k, ok := parseStoreKey(name); ok {
				set[k] = true
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("metrics: list: %w", err)
	}
	return slices.Collect(maps.Keys(set)), nil
}
