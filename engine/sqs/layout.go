package sqs

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// File layout:
//
//	queues/<name>                → queueMeta (JSON)
//	data/<uid>/seq               → next message sequence number (uint64 BE)
//	data/<uid>/m/<seq uint64 BE> → messageRecord (JSON), immutable once sent
//	data/<uid>/s/<seq>           → stateRecord (JSON), rewritten on receive
//	data/<uid>/d/<dedup key>     → dedupRecord (JSON), FIFO queues only
//
// Messages are keyed by a per-queue sequence number so a bucket scan
// returns them in send order (which FIFO queues must keep), and queue data
// is keyed by a random uid rather than the name so that a queue deleted and
// created again never sees the old queue's messages or receipt handles.
// Receive state is kept apart from the message so a receive rewrites a few
// dozen bytes, not the whole body.
var (
	queuesBucket = []byte("queues")
	dataBucket   = []byte("data")
	msgBucket    = []byte("m")
	stateBucket  = []byte("s")
	dedupBucket  = []byte("d")
	nextSeqKey   = []byte("seq")
)

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func queueData(tx *bolt.Tx, uid string) *bolt.Bucket {
	data := tx.Bucket(dataBucket)
	if data == nil {
		return nil
	}
	return data.Bucket([]byte(uid))
}

// inQueue runs f on a sub-bucket of the queue's data, doing nothing when
// the queue was deleted before this op was committed.
func inQueue(uid string, sub []byte, f func(b *bolt.Bucket) error) op {
	return func(tx *bolt.Tx) error {
		qb := queueData(tx, uid)
		if qb == nil {
			return nil
		}
		if sub == nil {
			return f(qb)
		}
		if b := qb.Bucket(sub); b != nil {
			return f(b)
		}
		return nil
	}
}

func opPutQueue(name, uid string, meta []byte) op {
	return func(tx *bolt.Tx) error {
		qs, err := tx.CreateBucketIfNotExists(queuesBucket)
		if err != nil {
			return fmt.Errorf("queues bucket: %w", err)
		}
		if err := qs.Put([]byte(name), meta); err != nil {
			return fmt.Errorf("put queue %s: %w", name, err)
		}
		data, err := tx.CreateBucketIfNotExists(dataBucket)
		if err != nil {
			return fmt.Errorf("data bucket: %w", err)
		}
		qb, err := data.CreateBucketIfNotExists([]byte(uid))
		if err != nil {
			return fmt.Errorf("queue %s data: %w", name, err)
		}
		return createSubBuckets(qb)
	}
}

func createSubBuckets(qb *bolt.Bucket) error {
	for _, sub := range [][]byte{msgBucket, stateBucket, dedupBucket} {
		if _, err := qb.CreateBucketIfNotExists(sub); err != nil {
			return fmt.Errorf("queue bucket %s: %w", sub, err)
		}
	}
	return nil
}

func opDeleteQueue(name, uid string) op {
	return func(tx *bolt.Tx) error {
		if qs := tx.Bucket(queuesBucket); qs != nil {
			if err := qs.Delete([]byte(name)); err != nil {
				return fmt.Errorf("delete queue %s: %w", name, err)
			}
		}
		data := tx.Bucket(dataBucket)
		if data == nil || data.Bucket([]byte(uid)) == nil {
			return nil
		}
		if err := data.DeleteBucket([]byte(uid)); err != nil {
			return fmt.Errorf("delete queue %s data: %w", name, err)
		}
		return nil
	}
}

func opPutMessage(uid string, seq uint64, rec []byte) op {
	return inQueue(uid, nil, func(qb *bolt.Bucket) error {
		if err := qb.Bucket(msgBucket).Put(seqKey(seq), rec); err != nil {
			return fmt.Errorf("put message: %w", err)
		}
		if err := qb.Put(nextSeqKey, seqKey(seq+1)); err != nil {
			return fmt.Errorf("put next sequence number: %w", err)
		}
		return nil
	})
}

func opPutState(uid string, seq uint64, rec []byte) op {
	return inQueue(uid, stateBucket, func(b *bolt.Bucket) error {
		if err := b.Put(seqKey(seq), rec); err != nil {
			return fmt.Errorf("put message state: %w", err)
		}
		return nil
	})
}

func opDeleteMessage(uid string, seq uint64) op {
	return inQueue(uid, nil, func(qb *bolt.Bucket) error {
		k := seqKey(seq)
		if err := qb.Bucket(msgBucket).Delete(k); err != nil {
			return fmt.Errorf("delete message: %w", err)
		}
		if err := qb.Bucket(stateBucket).Delete(k); err != nil {
			return fmt.Errorf("delete message state: %w", err)
		}
		return nil
	})
}

func opPutDedup(uid, key string, rec []byte) op {
	return inQueue(uid, dedupBucket, func(b *bolt.Bucket) error {
		if err := b.Put([]byte(key), rec); err != nil {
			return fmt.Errorf("put deduplication id: %w", err)
		}
		return nil
	})
}

func opDeleteDedup(uid, key string) op {
	return inQueue(uid, dedupBucket, func(b *bolt.Bucket) error {
		if err := b.Delete([]byte(key)); err != nil {
			return fmt.Errorf("delete deduplication id: %w", err)
		}
		return nil
	})
}

// opPurge drops every message (but not deduplication IDs, which AWS keeps
// for their full five minutes).
func opPurge(uid string) op {
	return inQueue(uid, nil, func(qb *bolt.Bucket) error {
		for _, sub := range [][]byte{msgBucket, stateBucket} {
			if qb.Bucket(sub) == nil {
				continue
			}
			if err := qb.DeleteBucket(sub); err != nil {
				return fmt.Errorf("purge: %w", err)
			}
		}
		return createSubBuckets(qb)
	})
}

func mustJSON(v any) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		// Only types with unsupported values fail; ours have none.
		panic(fmt.Sprintf("sqs: encode %T: %v", v, err))
	}
	return raw
}
