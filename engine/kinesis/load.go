package kinesis

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// load reads every stream and each shard's newest record key. It returns
// the streams whose CREATING or DELETING state the last run did not get to
// finish.
func (s *Store) load() (pending []*stream, err error) {
	err = s.file.DB.View(func(tx *bolt.Tx) error {
		sb := tx.Bucket(streamsBucket)
		if sb == nil {
			return nil
		}
		return sb.ForEach(func(k, v []byte) error {
			var meta streamMeta
			if err := json.Unmarshal(v, &meta); err != nil {
				return fmt.Errorf("stream %s: %w", k, err)
			}
			st := newStream(meta)
			for _, sh := range st.shards {
				loadTip(tx, meta.UID, sh)
			}
			s.streams[meta.Name] = st
			if meta.Status != StatusActive {
				pending = append(pending, st)
			}
			return nil
		})
	})
	return pending, err
}

// loadTip sets a shard's newest record key from the file.
func loadTip(tx *bolt.Tx, uid string, sh *shard) {
	b := shardBucket(tx, uid, sh.index)
	if b == nil {
		return
	}
	if k, _ := b.Cursor().Last(); k != nil {
		if key, ok := parseKey(k); ok {
			sh.last, sh.committed = key, key
		}
	}
}
