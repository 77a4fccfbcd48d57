package cwlogs

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// retentionDays are the values PutRetentionPolicy accepts.
var retentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

func validRetention(days int) bool { return slices.Contains(retentionDays, days) }

// sweepChunk bounds how many events one sweep transaction deletes, so a
// large backlog does not hold the write lock (and appends) for long.
const sweepChunk = 10000

func (s *Store) sweepLoop(interval time.Duration) {
	defer s.wg.Done()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.closing:
			return
		case <-t.C:
			if n, err := s.Sweep(); err != nil {
				s.log.Error("log retention sweep failed", "err", err)
			} else if n > 0 {
				s.log.Info("log retention sweep", "deleted_events", n)
			}
		}
	}
}

// Sweep deletes every event older than its group's retention period and
// returns how many it deleted. It runs periodically; it is exported so an
// operator command (or a test) can run it on demand.
func (s *Store) Sweep() (int, error) {
	groups, err := s.Groups()
	if err != nil {
		return 0, err
	}
	total := 0
	for _, g := range groups {
		if g.RetentionDays == 0 {
			continue
		}
		cutoff := s.nowMillis() - int64(g.RetentionDays)*dayMillis
		n, err := s.sweepGroup(g.Name, cutoff)
		total += n
		if err != nil {
			return total, fmt.Errorf("sweep %s: %w", g.Name, err)
		}
	}
	return total, nil
}

// sweepGroup deletes the group's events before cutoff, a chunk per
// transaction, until none are left.
func (s *Store) sweepGroup(group string, cutoff int64) (int, error) {
	total := 0
	for {
		n, err := s.sweepChunk(group, makeKey(cutoff, 0))
		total += n
		if err != nil || n < sweepChunk {
			return total, err
		}
	}
}

func (s *Store) sweepChunk(group string, cutoff eventKey) (int, error) {
	deleted := 0
	err := s.update(func(tx *bolt.Tx) error {
		gb := groupBucket(tx, group)
		if gb == nil {
			return nil // deleted meanwhile
		}
		sbs := gb.Bucket(streamsBucket)
		return sbs.ForEachBucket(func(name []byte) error {
			n, err := expireStream(sbs.Bucket(name), cutoff, sweepChunk-deleted)
			deleted += n
			return err
		})
	})
	return deleted, err
}

// expireStream deletes up to most events before cutoff from one stream and
// keeps the stream's stored-bytes count in step.
func expireStream(sb *bolt.Bucket, cutoff eventKey, most int) (int, error) {
	if most <= 0 {
		return 0, nil
	}
	var keys [][]byte
	freed := 0
	c := sb.Bucket(eventsBucket).Cursor()
	for k, v := c.First(); k != nil && bytes.Compare(k, cutoff[:]) < 0 && len(keys) < most; k, v = c.Next() {
		keys = append(keys, bytes.Clone(k)) // k is only valid until the bucket changes
		freed += len(v) - 8
	}
	// Deleting while iterating a bbolt cursor can skip keys, so collect first.
	for _, k := range keys {
		if err := sb.Bucket(eventsBucket).Delete(k); err != nil {
			return 0, fmt.Errorf("delete expired event: %w", err)
		}
	}
	if len(keys) == 0 {
		return 0, nil
	}
	var m streamMeta
	if err := readMeta(sb, &m); err != nil {
		return 0, err
	}
	m.StoredBytes -= int64(freed)
	return len(keys), writeMeta(sb, m)
}
