package kinesis

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"time"
)

// Shard iterator types.
const (
	TrimHorizon         = "TRIM_HORIZON"
	Latest              = "LATEST"
	AtTimestamp         = "AT_TIMESTAMP"
	AtSequenceNumber    = "AT_SEQUENCE_NUMBER"
	AfterSequenceNumber = "AFTER_SEQUENCE_NUMBER"
)

// iteratorLifetime is how long a shard iterator stays valid, as on AWS.
const iteratorLifetime = 5 * time.Minute

// IteratorInput says where an iterator starts.
type IteratorInput struct {
	// Type is one of the iterator type constants.
	Type string
	// SequenceNumber is required for AT_ and AFTER_SEQUENCE_NUMBER.
	SequenceNumber string
	// Timestamp is required for AT_TIMESTAMP.
	Timestamp *time.Time
}

// position is what an iterator encodes: the stream (by name and uid, so an
// iterator of a deleted stream never reads a new one of the same name),
// the shard and the first record key it may return.
type position struct {
	issued int64 // Unix milliseconds
	name   string
	uid    string
	shard  int
	start  recordKey
}

// iteratorMagic starts every iterator, as the eight bytes 0…01 start
// AWS's.
var iteratorMagic = []byte{0, 0, 0, 0, 0, 0, 0, 1}

func (p position) encode() string {
	b := append([]byte(nil), iteratorMagic...)
	b = binary.BigEndian.AppendUint64(b, uint64(p.issued))
	b = binary.BigEndian.AppendUint32(b, uint32(p.shard))
	b = append(b, p.start.bytes()...)
	b = append(b, byte(len(p.uid)))
	b = append(b, p.uid...)
	b = append(b, p.name...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return base64.StdEncoding.EncodeToString(b)
}

func decodePosition(it string) (position, bool) {
	b, err := base64.StdEncoding.DecodeString(it)
	const fixed = 8 + 8 + 4 + keyLen + 1
	if err != nil || len(b) < fixed+4 || !bytes.HasPrefix(b, iteratorMagic) {
		return position{}, false
	}
	body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return position{}, false
	}
	p := position{issued: int64(binary.BigEndian.Uint64(body[8:])), shard: int(binary.BigEndian.Uint32(body[16:]))}
	p.start, _ = parseKey(body[20 : 20+keyLen])
	uidLen := int(body[fixed-1])
	if len(body) < fixed+uidLen {
		return position{}, false
	}
	p.uid = string(body[fixed : fixed+uidLen])
	p.name = string(body[fixed+uidLen:])
	return p, true
}

// Iterator returns a shard iterator of a stream (by name or ARN), valid for
// five minutes, for GetRecords and Wait.
func (s *Store) Iterator(ref, shardID string, in IteratorInput) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.lookupData(ref)
	if err != nil {
		return "", err
	}
	idx, ok := parseShardID(shardID)
	if !ok || idx >= len(st.shards) {
		return "", s.errShardNotFound(st.meta.Name, shardID)
	}
	start, err := s.startKey(st, st.shards[idx], in)
	if err != nil {
		return "", err
	}
	p := position{issued: s.nowMillis(), name: st.meta.Name, uid: st.meta.UID, shard: idx, start: start}
	return p.encode(), nil
}

// startKey resolves where an iterator of type in.Type starts in sh.
func (s *Store) startKey(st *stream, sh *shard, in IteratorInput) (recordKey, error) {
	bySeq := in.Type == AtSequenceNumber || in.Type == AfterSequenceNumber
	switch {
	case bySeq && in.SequenceNumber == "":
		return recordKey{}, errMustSpecify(in.Type, "no StartingSequenceNumber")
	case !bySeq && in.SequenceNumber != "" && in.Type != AtTimestamp:
		return recordKey{}, errMustSpecify(in.Type, "also a StartingSequenceNumber")
	}
	switch in.Type {
	case TrimHorizon:
		return recordKey{}, nil
	case Latest:
		return sh.last.next(), nil
	case AtTimestamp:
		if in.Timestamp == nil {
			return recordKey{}, errInvalid("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. " +
				"Current request has no timestamp parameter.")
		}
		return recordKey{arrival: in.Timestamp.UnixMilli()}, nil
	case AtSequenceNumber, AfterSequenceNumber:
		q, err := s.checkSeq(st, sh, in.SequenceNumber)
		if err != nil {
			return recordKey{}, err
		}
		if in.Type == AfterSequenceNumber {
			return q.key.next(), nil
		}
		return q.key, nil
	}
	return recordKey{}, errValidation(in.Type, "shardIteratorType",
		"Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, AT_SEQUENCE_NUMBER, AT_TIMESTAMP, TRIM_HORIZON, LATEST]")
}

func errMustSpecify(typ, what string) *APIError {
	return errInvalid("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber "+
		"or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified %s and %s.", typ, what)
}

// checkSeq parses a StartingSequenceNumber and checks that it came from
// this shard of this stream, with AWS's messages.
func (s *Store) checkSeq(st *stream, sh *shard, seq string) (seqNum, error) {
	q, ok := parseSeq(seq)
	if !ok {
		return seqNum{}, errInvalid("StartingSequenceNumber %s used in GetShardIterator on shard %s in stream %s "+
			"under account %s is invalid.", seq, ShardID(sh.index), st.meta.Name, s.account)
	}
	if q.shard != sh.index {
		return seqNum{}, errInvalid("Invalid StartingSequenceNumber. It encodes %s, while it was used in a call to a "+
			"shard with %s", ShardID(q.shard), ShardID(sh.index))
	}
	if q.created != st.meta.SeqID {
		return seqNum{}, errInvalid("StartingSequenceNumber %s used in GetShardIterator on shard %s in stream %s "+
			"under account %s is invalid because it did not come from this stream.",
			seq, ShardID(sh.index), st.meta.Name, s.account)
	}
	return q, nil
}
