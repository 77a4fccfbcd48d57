package kinesis

import (
	"fmt"
	"strconv"
)

// Sequence numbers are 56-digit decimal strings, as AWS's are, so that
// clients comparing them as big integers or (fixed width) as strings agree:
//
//	"49" | stream SeqID (14) | shard index (6) | arrival ms (14) | counter (20)
//
// Within a shard, arrival times never decrease and counters always
// increase, so sequence numbers increase. The stream part lets
// GetShardIterator reject a number from another stream (or an earlier
// stream of the same name) and the shard part one from another shard, with
// AWS's messages.
const (
	seqLen    = 56
	seqPrefix = "49"
)

type seqNum struct {
	created int64 // the stream's SeqID
	shard   int
	key     recordKey
}

func (q seqNum) String() string {
	return fmt.Sprintf("%s%014d%06d%014d%020d", seqPrefix, q.created, q.shard, q.key.arrival, q.key.counter)
}

func parseSeq(s string) (seqNum, bool) {
	if len(s) != seqLen || s[:2] != seqPrefix {
		return seqNum{}, false
	}
	var q seqNum
	var err error
	fields := []struct {
		from, to int
		into     func(uint64)
	}{
		{2, 16, func(v uint64) { q.created = int64(v) }},
		{16, 22, func(v uint64) { q.shard = int(v) }},
		{22, 36, func(v uint64) { q.key.arrival = int64(v) }},
		{36, 56, func(v uint64) { q.key.counter = v }},
	}
	for _, f := range fields {
		var v uint64
		if v, err = strconv.ParseUint(s[f.from:f.to], 10, 64); err != nil {
			return seqNum{}, false
		}
		f.into(v)
	}
	return q, true
}

// startingSeq is a shard's StartingSequenceNumber: below every record's.
func (st *stream) startingSeq(shard int) string {
	return seqNum{created: st.meta.SeqID, shard: shard, key: recordKey{arrival: st.meta.Created}}.String()
}

func (st *stream) seqOf(shard int, key recordKey) string {
	return seqNum{created: st.meta.SeqID, shard: shard, key: key}.String()
}
