package cwlogs

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// On-disk layout:
//
//	groups/<group>/meta                      groupMeta (JSON)
//	groups/<group>/streams/<stream>/meta     streamMeta (JSON)
//	groups/<group>/streams/<stream>/events/  eventKey → ingestion time (8 bytes) + message
//
// Event keys sort by timestamp and then by a per-group sequence number
// assigned at commit, so a stream's events are in timestamp order, events
// with equal timestamps keep their arrival order, and a key is unique across
// the whole group (it doubles as the eventId and as the pagination cursor).
var (
	groupsBucket  = []byte("groups")
	streamsBucket = []byte("streams")
	eventsBucket  = []byte("events")
	metaKey       = []byte("meta")
)

type groupMeta struct {
	CreationTime  int64  `json:"creationTime"`
	RetentionDays int    `json:"retentionDays,omitempty"`
	NextSeq       uint64 `json:"nextSeq"`
}

type streamMeta struct {
	CreationTime  int64  `json:"creationTime"`
	FirstEvent    int64  `json:"firstEvent,omitempty"`
	LastEvent     int64  `json:"lastEvent,omitempty"`
	LastIngestion int64  `json:"lastIngestion,omitempty"`
	StoredBytes   int64  `json:"storedBytes"`
	Uploads       uint64 `json:"uploads"`
}

// eventKey is a 16-byte big-endian (timestamp, sequence) pair. The sign bit
// of the timestamp is flipped so that byte order is numeric order.
type eventKey [16]byte

func makeKey(ts int64, seq uint64) eventKey {
	var k eventKey
	binary.BigEndian.PutUint64(k[:8], uint64(ts)^(1<<63))
	binary.BigEndian.PutUint64(k[8:], seq)
	return k
}

func keyOf(b []byte) eventKey {
	var k eventKey
	copy(k[:], b)
	return k
}

func (k eventKey) ts() int64   { return int64(binary.BigEndian.Uint64(k[:8]) ^ (1 << 63)) }
func (k eventKey) seq() uint64 { return binary.BigEndian.Uint64(k[8:]) }

// next is the smallest key after k (k+1 as a 128-bit number).
func (k eventKey) next() eventKey {
	for i := len(k) - 1; i >= 0; i-- {
		k[i]++
		if k[i] != 0 {
			break
		}
	}
	return k
}

// prev is the largest key before k (k-1 as a 128-bit number).
func (k eventKey) prev() eventKey {
	for i := len(k) - 1; i >= 0; i-- {
		k[i]--
		if k[i] != 0xff {
			break
		}
	}
	return k
}

func encodeValue(ingestion int64, msg string) []byte {
	v := make([]byte, 8+len(msg))
	binary.BigEndian.PutUint64(v, uint64(ingestion))
	copy(v[8:], msg)
	return v
}

func decodeValue(v []byte) (int64, string, error) {
	if len(v) < 8 {
		return 0, "", fmt.Errorf("corrupt event record of %d bytes", len(v))
	}
	return int64(binary.BigEndian.Uint64(v)), string(v[8:]), nil
}

func groupBucket(tx *bolt.Tx, group string) *bolt.Bucket {
	return tx.Bucket(groupsBucket).Bucket([]byte(group))
}

func streamBucket(gb *bolt.Bucket, stream string) *bolt.Bucket {
	return gb.Bucket(streamsBucket).Bucket([]byte(stream))
}

func readMeta(b *bolt.Bucket, into any) error {
	raw := b.Get(metaKey)
	if raw == nil {
		return fmt.Errorf("missing metadata record")
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return fmt.Errorf("decode metadata: %w", err)
	}
	return nil
}

func writeMeta(b *bolt.Bucket, m any) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode metadata: %w", err)
	}
	return b.Put(metaKey, raw)
}

// createGroupTx creates a group bucket; errGroupExists if it already exists.
func createGroupTx(tx *bolt.Tx, group string, m groupMeta) (*bolt.Bucket, error) {
	gb, err := tx.Bucket(groupsBucket).CreateBucket([]byte(group))
	if errors.Is(err, berrors.ErrBucketExists) {
		return nil, errGroupExists
	}
	if err != nil {
		return nil, fmt.Errorf("create group bucket: %w", err)
	}
	if _, err := gb.CreateBucket(streamsBucket); err != nil {
		return nil, fmt.Errorf("create streams bucket: %w", err)
	}
	return gb, writeMeta(gb, m)
}

// createStreamTx creates a stream bucket; errStreamExists if it exists.
func createStreamTx(gb *bolt.Bucket, stream string, now int64) (*bolt.Bucket, error) {
	sb, err := gb.Bucket(streamsBucket).CreateBucket([]byte(stream))
	if errors.Is(err, berrors.ErrBucketExists) {
		return nil, errStreamExists
	}
	if err != nil {
		return nil, fmt.Errorf("create stream bucket: %w", err)
	}
	if _, err := sb.CreateBucket(eventsBucket); err != nil {
		return nil, fmt.Errorf("create events bucket: %w", err)
	}
	return sb, writeMeta(sb, streamMeta{CreationTime: now})
}
