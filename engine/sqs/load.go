package sqs

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// load reads every queue and its messages into memory.
func (s *Store) load() error {
	return s.file.DB.Update(func(tx *bolt.Tx) error {
		qs, err := tx.CreateBucketIfNotExists(queuesBucket)
		if err != nil {
			return fmt.Errorf("queues bucket: %w", err)
		}
		data, err := tx.CreateBucketIfNotExists(dataBucket)
		if err != nil {
			return fmt.Errorf("data bucket: %w", err)
		}
		return qs.ForEach(func(k, v []byte) error {
			var meta queueMeta
			if err := json.Unmarshal(v, &meta); err != nil {
				return fmt.Errorf("queue %s: %w", k, err)
			}
			qb, err := data.CreateBucketIfNotExists([]byte(meta.UID))
			if err != nil {
				return fmt.Errorf("queue %s data: %w", k, err)
			}
			if err := createSubBuckets(qb); err != nil {
				return err
			}
			q := newQueue(meta)
			if err := loadQueue(q, qb, s.nowMillis()); err != nil {
				return fmt.Errorf("queue %s: %w", k, err)
			}
			s.queues[meta.Name] = q
			return nil
		})
	})
}

func loadQueue(q *queue, qb *bolt.Bucket, now int64) error {
	if v := qb.Get(nextSeqKey); len(v) == 8 {
		q.nextSeq = binary.BigEndian.Uint64(v)
	}
	states := qb.Bucket(stateBucket)
	err := qb.Bucket(msgBucket).ForEach(func(k, v []byte) error {
		m := &message{seq: binary.BigEndian.Uint64(k), committed: true}
		if err := json.Unmarshal(v, &m.rec); err != nil {
			return fmt.Errorf("message %x: %w", k, err)
		}
		if sv := states.Get(k); sv != nil {
			if err := json.Unmarshal(sv, &m.st); err != nil {
				return fmt.Errorf("message %x state: %w", k, err)
			}
		}
		q.add(m)
		q.nextSeq = max(q.nextSeq, m.seq+1)
		return nil
	})
	if err != nil {
		return err
	}
	return qb.Bucket(dedupBucket).ForEach(func(k, v []byte) error {
		var d dedupRecord
		if err := json.Unmarshal(v, &d); err != nil {
			return fmt.Errorf("deduplication id %q: %w", k, err)
		}
		if d.Expires > now {
			q.dedup[string(k)] = d
		}
		return nil
	})
}
