package kinesis

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Record is a record read from a shard.
type Record struct {
	SequenceNumber              string
	PartitionKey                string
	Data                        []byte
	ApproximateArrivalTimestamp time.Time
}

const (
	// MaxGetRecords is the most records one GetRecords call returns.
	MaxGetRecords = 10000
	// maxGetBytes bounds one GetRecords response, as AWS's 10 MiB does
	// (the first record is always returned).
	maxGetBytes = 10 << 20
)

// read is one GetRecords call, resolved against the stream.
type read struct {
	p       position
	created int64     // the stream's SeqID, for sequence numbers
	from    recordKey // p.start, or the retention cutoff if later
	now     int64
	limit   int
}

// GetRecords reads up to limit records (1 to 10000; 0 means 10000) from
// the iterator's position, skipping records past the stream's retention
// period. It returns the iterator to read on with and how many
// milliseconds the oldest record not yet read lags behind now (0 when
// caught up). It never waits: see Wait.
func (s *Store) GetRecords(ctx context.Context, iterator string, limit int) (
	records []Record, next string, millisBehindLatest int64, err error,
) {
	if limit == 0 {
		limit = MaxGetRecords
	}
	if limit < 1 || limit > MaxGetRecords {
		return nil, "", 0, errValidation(limit, "limit", "Member must have value less than or equal to 10000")
	}
	if err := ctx.Err(); err != nil {
		return nil, "", 0, err
	}
	rd, err := s.resolveRead(iterator, limit)
	if err != nil {
		return nil, "", 0, err
	}
	records, last, behind, err := s.scan(rd)
	if err != nil {
		return nil, "", 0, err
	}
	p := rd.p
	p.issued = rd.now
	if len(records) > 0 {
		p.start = last.next()
	}
	return records, p.encode(), behind, nil
}

// resolveRead decodes an iterator, checks that it has not expired and that
// its stream still exists, and works out where to read from.
func (s *Store) resolveRead(iterator string, limit int) (read, error) {
	p, ok := decodePosition(iterator)
	if !ok {
		return read{}, errInvalidIterator()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if issued := time.UnixMilli(p.issued); now.Sub(issued) > iteratorLifetime {
		return read{}, errExpiredIterator(issued, now)
	}
	st := s.streams[p.name]
	if st == nil || st.meta.UID != p.uid || p.shard >= len(st.shards) {
		return read{}, s.errShardNotFound(p.name, ShardID(p.shard))
	}
	rd := read{p: p, created: st.meta.SeqID, from: p.start, now: now.UnixMilli(), limit: limit}
	if cutoff := (recordKey{arrival: st.cutoff(rd.now)}); rd.from.less(cutoff) {
		rd.from = cutoff
	}
	return rd, nil
}

// scan reads committed records from rd.from on. behind is how long ago the
// first record left unread arrived (0 if none is left).
func (s *Store) scan(rd read) (recs []Record, last recordKey, behind int64, err error) {
	err = s.file.DB.View(func(tx *bolt.Tx) error {
		b := shardBucket(tx, rd.p.uid, rd.p.shard)
		if b == nil {
			return nil // deleted since resolveRead: nothing to read
		}
		c := b.Cursor()
		size := 0
		k, v := c.Seek(rd.from.bytes())
		for ; k != nil && len(recs) < rd.limit; k, v = c.Next() {
			key, ok := parseKey(k)
			pk, data, derr := decodeValue(v)
			if !ok || derr != nil {
				return fmt.Errorf("shard %d of %s: bad record %x: %w", rd.p.shard, rd.p.name, k, derr)
			}
			if size += len(data) + len(pk); size > maxGetBytes && len(recs) > 0 {
				break
			}
			recs = append(recs, Record{
				SequenceNumber: seqNum{created: rd.created, shard: rd.p.shard, key: key}.String(),
				PartitionKey:   pk, Data: data, ApproximateArrivalTimestamp: time.UnixMilli(key.arrival),
			})
			last = key
		}
		if unread, ok := parseKey(k); ok && rd.now > unread.arrival {
			behind = rd.now - unread.arrival
		}
		return nil
	})
	if err != nil {
		return nil, recordKey{}, 0, fmt.Errorf("kinesis: read: %w", err)
	}
	return recs, last, behind, nil
}
