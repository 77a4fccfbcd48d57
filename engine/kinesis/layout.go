package kinesis

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// File layout:
//
//	streams/<name>                        → streamMeta (JSON)
//	data/<uid>/<shard uint32 BE>/<key>    → record value (see encodeValue)
//
// A record's key is its arrival time in Unix milliseconds and its shard's
// counter, both uint64 big-endian: a cursor walks a shard in sequence
// order, AT_TIMESTAMP is a Seek, and retention deletes a prefix. Stream
// data is keyed by a random uid rather than the name so that a stream
// deleted and created again never sees the old stream's records.
var (
	streamsBucket = []byte("streams")
	dataBucket    = []byte("data")
)

// recordKey is a record's position in its shard.
type recordKey struct {
	arrival int64 // Unix milliseconds
	counter uint64
}

const keyLen = 16

func (k recordKey) bytes() []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, keyLen), uint64(k.arrival))
	return binary.BigEndian.AppendUint64(b, k.counter)
}

func parseKey(b []byte) (recordKey, bool) {
	if len(b) != keyLen {
		return recordKey{}, false
	}
	return recordKey{arrival: int64(binary.BigEndian.Uint64(b)), counter: binary.BigEndian.Uint64(b[8:])}, true
}

// next is the smallest key after k: counters are unique in a shard, so
// (arrival, counter+1) sorts before every later record.
func (k recordKey) next() recordKey { return recordKey{arrival: k.arrival, counter: k.counter + 1} }

func (k recordKey) less(o recordKey) bool {
	return k.arrival < o.arrival || k.arrival == o.arrival && k.counter < o.counter
}

func shardKey(index int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(index)) }

// encodeValue is a record's partition key and data: uvarint length of the
// partition key, the key, then the data.
func encodeValue(partitionKey string, data []byte) []byte {
	b := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen16+len(partitionKey)+len(data)), uint64(len(partitionKey)))
	b = append(b, partitionKey...)
	return append(b, data...)
}

func decodeValue(v []byte) (partitionKey string, data []byte, err error) {
	n, w := binary.Uvarint(v)
	if w <= 0 || uint64(len(v)-w) < n {
		return "", nil, fmt.Errorf("corrupt record value of %d bytes", len(v))
	}
	key := string(v[w : w+int(n)])
	// bbolt's memory is only valid inside the transaction.
	return key, append([]byte(nil), v[w+int(n):]...), nil
}

func streamData(tx *bolt.Tx, uid string) *bolt.Bucket {
	data := tx.Bucket(dataBucket)
	if data == nil {
		return nil
	}
	return data.Bucket([]byte(uid))
}

func shardBucket(tx *bolt.Tx, uid string, index int) *bolt.Bucket {
	sb := streamData(tx, uid)
	if sb == nil {
		return nil
	}
	return sb.Bucket(shardKey(index))
}

func opPutStream(meta *streamMeta) op {
	raw := mustJSON(meta)
	name, uid, shards := meta.Name, meta.UID, meta.ShardCount
	return func(tx *bolt.Tx) error {
		sb, err := tx.CreateBucketIfNotExists(streamsBucket)
		if err != nil {
			return fmt.Errorf("streams bucket: %w", err)
		}
		if err := sb.Put([]byte(name), raw); err != nil {
			return fmt.Errorf("put stream %s: %w", name, err)
		}
		data, err := tx.CreateBucketIfNotExists(dataBucket)
		if err != nil {
			return fmt.Errorf("data bucket: %w", err)
		}
		db, err := data.CreateBucketIfNotExists([]byte(uid))
		if err != nil {
			return fmt.Errorf("stream %s data: %w", name, err)
		}
		for i := range shards {
			if _, err := db.CreateBucketIfNotExists(shardKey(i)); err != nil {
				return fmt.Errorf("stream %s shard %d: %w", name, i, err)
			}
		}
		return nil
	}
}

// opDeleteStream removes a stream's metadata, if it still belongs to uid,
// and its records.
func opDeleteStream(name, uid string) op {
	return func(tx *bolt.Tx) error {
		if sb := tx.Bucket(streamsBucket); sb != nil {
			var meta streamMeta
			if raw := sb.Get([]byte(name)); raw != nil && json.Unmarshal(raw, &meta) == nil && meta.UID == uid {
				if err := sb.Delete([]byte(name)); err != nil {
					return fmt.Errorf("delete stream %s: %w", name, err)
				}
			}
		}
		data := tx.Bucket(dataBucket)
		if data == nil || data.Bucket([]byte(uid)) == nil {
			return nil
		}
		if err := data.DeleteBucket([]byte(uid)); err != nil {
			return fmt.Errorf("delete stream %s data: %w", name, err)
		}
		return nil
	}
}

// pendingRecord is a record on its way to the file.
type pendingRecord struct {
	shard int
	key   recordKey
	value []byte
}

func opPutRecords(uid string, recs []pendingRecord) op {
	return func(tx *bolt.Tx) error {
		sb := streamData(tx, uid)
		if sb == nil {
			return nil // deleted before this commit
		}
		for _, r := range recs {
			b := sb.Bucket(shardKey(r.shard))
			if b == nil {
				return fmt.Errorf("stream data %s has no shard %d", uid, r.shard)
			}
			if err := b.Put(r.key.bytes(), r.value); err != nil {
				return fmt.Errorf("put record: %w", err)
			}
		}
		return nil
	}
}

// opTrim deletes every record of a shard that arrived before cutoff.
func opTrim(uid string, shard int, cutoff int64) op {
	limit := recordKey{arrival: cutoff}.bytes()
	return func(tx *bolt.Tx) error {
		b := shardBucket(tx, uid, shard)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, _ := c.First(); k != nil && string(k) < string(limit); k, _ = c.First() {
			if err := c.Delete(); err != nil {
				return fmt.Errorf("trim shard %d: %w", shard, err)
			}
		}
		return nil
	}
}

func mustJSON(v any) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		// Only types with unsupported values fail; ours have none.
		panic(fmt.Sprintf("kinesis: encode %T: %v", v, err))
	}
	return raw
}
