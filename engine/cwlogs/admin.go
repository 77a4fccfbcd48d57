package cwlogs

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// GroupInfo describes a log group.
type GroupInfo struct {
	Name          string
	CreationTime  int64 // ms since the epoch
	RetentionDays int   // 0: never expire
	StoredBytes   int64
}

// StreamInfo describes a log stream. Times are ms since the epoch; zero
// means "no event yet".
type StreamInfo struct {
	Name                                               string
	CreationTime, FirstEvent, LastEvent, LastIngestion int64
	StoredBytes                                        int64
	Uploads                                            uint64
}

// CreateGroup creates an empty log group without a retention policy.
func (s *Store) CreateGroup(group string) error {
	return s.update(func(tx *bolt.Tx) error {
		_, err := createGroupTx(tx, group, groupMeta{CreationTime: s.nowMillis()})
		return err
	})
}

// DeleteGroup deletes a log group with all its streams and events.
func (s *Store) DeleteGroup(group string) error {
	return s.update(func(tx *bolt.Tx) error {
		if groupBucket(tx, group) == nil {
			return errGroupNotFound
		}
		return tx.Bucket(groupsBucket).DeleteBucket([]byte(group))
	})
}

// CreateStream creates an empty stream in an existing group.
func (s *Store) CreateStream(group, stream string) error {
	return s.update(func(tx *bolt.Tx) error {
		gb := groupBucket(tx, group)
		if gb == nil {
			return errGroupNotFound
		}
		_, err := createStreamTx(gb, stream, s.nowMillis())
		return err
	})
}

// DeleteStream deletes a stream and its events.
func (s *Store) DeleteStream(group, stream string) error {
	return s.update(func(tx *bolt.Tx) error {
		gb := groupBucket(tx, group)
		if gb == nil {
			return errGroupNotFound
		}
		if streamBucket(gb, stream) == nil {
			return errStreamNotFound
		}
		return gb.Bucket(streamsBucket).DeleteBucket([]byte(stream))
	})
}

// SetRetention sets (days > 0) or removes (days == 0) a group's retention.
func (s *Store) SetRetention(group string, days int) error {
	return s.update(func(tx *bolt.Tx) error {
		gb := groupBucket(tx, group)
		if gb == nil {
			return errGroupNotFound
		}
		var m groupMeta
		if err := readMeta(gb, &m); err != nil {
			return err
		}
		m.RetentionDays = days
		return writeMeta(gb, m)
	})
}

// Groups lists every group in name order.
func (s *Store) Groups() ([]GroupInfo, error) {
	var out []GroupInfo
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(groupsBucket).ForEachBucket(func(name []byte) error {
			g, err := groupInfo(tx.Bucket(groupsBucket).Bucket(name), string(name))
			out = append(out, g)
			return err
		})
	})
	return out, err
}

func groupInfo(gb *bolt.Bucket, name string) (GroupInfo, error) {
	var m groupMeta
	if err := readMeta(gb, &m); err != nil {
		return GroupInfo{}, fmt.Errorf("group %s: %w", name, err)
	}
	g := GroupInfo{Name: name, CreationTime: m.CreationTime, RetentionDays: m.RetentionDays}
	streams, err := streamInfos(gb)
	for _, st := range streams {
		g.StoredBytes += st.StoredBytes
	}
	return g, err
}

// Streams lists a group's streams in name order.
func (s *Store) Streams(group string) ([]StreamInfo, error) {
	var out []StreamInfo
	err := s.view(func(tx *bolt.Tx) error {
		gb := groupBucket(tx, group)
		if gb == nil {
			return errGroupNotFound
		}
		var err error
		out, err = streamInfos(gb)
		return err
	})
	return out, err
}

func streamInfos(gb *bolt.Bucket) ([]StreamInfo, error) {
	var out []StreamInfo
	sbs := gb.Bucket(streamsBucket)
	err := sbs.ForEachBucket(func(name []byte) error {
		var m streamMeta
		if err := readMeta(sbs.Bucket(name), &m); err != nil {
			return fmt.Errorf("stream %s: %w", name, err)
		}
		out = append(out, StreamInfo{Name: string(name), CreationTime: m.CreationTime, FirstEvent: m.FirstEvent,
			LastEvent: m.LastEvent, LastIngestion: m.LastIngestion, StoredBytes: m.StoredBytes, Uploads: m.Uploads})
		return nil
	})
	return out, err
}

// update and view wrap bbolt transactions. Errors keep their identity
// (errors.Is) so the API can map request errors to AWS error types.
func (s *Store) update(fn func(*bolt.Tx) error) error {
	return wrapStorage(s.db.Update(fn))
}

func (s *Store) view(fn func(*bolt.Tx) error) error {
	return wrapStorage(s.db.View(fn))
}

func wrapStorage(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("cwlogs: %w", err)
}

// retentionOf returns a group's retention in days (0: none).
func (s *Store) retentionOf(group string) (int, error) {
	var days int
	err := s.view(func(tx *bolt.Tx) error {
		gb := groupBucket(tx, group)
		if gb == nil {
			return errGroupNotFound
		}
		var m groupMeta
		err := readMeta(gb, &m)
		days = m.RetentionDays
		return err
	})
	return days, err
}
