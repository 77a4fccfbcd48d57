package kinesis

import (
	"context"
	"math/big"
	"unicode/utf8"
)

// PutEntry is one record to put.
type PutEntry struct {
	// PartitionKey (1 to 256 Unicode characters) picks the shard through
	// its MD5 hash, unless ExplicitHashKey (a decimal in [0, 2^128-1])
	// is given.
	PartitionKey    string
	ExplicitHashKey string
	Data            []byte
}

// PutResult is where a record went.
type PutResult struct {
	ShardID        string
	SequenceNumber string
}

const (
	maxPartitionKey = 256
	maxRecordData   = 1 << 20 // 1 MiB, data and partition key together
	maxPutRecords   = 500
	maxPutBytes     = 5 << 20
)

// Put appends records to a stream, each to the shard its hash key falls in,
// and returns once they are committed to disk. Records put in one call to
// the same shard get increasing sequence numbers in the order given.
func (s *Store) Put(ctx context.Context, ref string, entries []PutEntry) ([]PutResult, error) {
	keys, err := validateEntries(entries)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	st, err := s.lookupData(ref)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	now := s.nowMillis()
	results := make([]PutResult, len(entries))
	recs := make([]pendingRecord, len(entries))
	for i, e := range entries {
		sh := st.shardFor(keys[i])
		// Arrival times must not go backwards within a shard (the clock
		// may), or sequence numbers would not increase.
		key := recordKey{arrival: max(now, sh.last.arrival), counter: sh.last.counter + 1}
		sh.last = key
		recs[i] = pendingRecord{shard: sh.index, key: key, value: encodeValue(e.PartitionKey, e.Data)}
		results[i] = PutResult{ShardID: ShardID(sh.index), SequenceNumber: st.seqOf(sh.index, key)}
	}
	c := s.file.Submit(opPutRecords(st.meta.UID, recs))
	s.mu.Unlock()
	if err := c.Wait(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	for _, r := range recs {
		// Commits keep submission order, so everything up to r is on disk.
		if sh := st.shards[r.shard]; sh.committed.less(r.key) {
			sh.committed = r.key
		}
	}
	st.notify()
	s.mu.Unlock()
	return results, nil
}

// validateEntries checks entries against AWS's limits and returns each
// one's hash key.
func validateEntries(entries []PutEntry) ([]*big.Int, error) {
	if len(entries) == 0 || len(entries) > maxPutRecords {
		return nil, errValidation(len(entries), "records", "Member must have length less than or equal to 500")
	}
	keys := make([]*big.Int, len(entries))
	total := 0
	for i, e := range entries {
		n := utf8.RuneCountInString(e.PartitionKey)
		if n < 1 || n > maxPartitionKey {
			return nil, errValidation(e.PartitionKey, "partitionKey", "Member must have length less than or equal to 256")
		}
		if size := len(e.Data) + len(e.PartitionKey); size > maxRecordData {
			return nil, errInvalid("Record size exceeds the maximum allowed limit of %d bytes.", maxRecordData)
		}
		total += len(e.Data) + len(e.PartitionKey)
		keys[i] = hashKey(e.PartitionKey)
		if e.ExplicitHashKey != "" {
			k, ok := parseHashKey(e.ExplicitHashKey)
			if !ok {
				return nil, errInvalid("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "+
					"Specified value was %s", e.ExplicitHashKey)
			}
			keys[i] = k
		}
	}
	if total > maxPutBytes {
		return nil, errInvalid("Records size exceeds 5 MB limit")
	}
	return keys, nil
}
