package kinesis

import (
	"context"
)

// Notify returns a channel that is closed the next time records are
// committed to the stream, when the stream is deleted or when the store
// closes. Take it before a GetRecords that comes back empty, then wait on
// it: a record committed in between still closes it, so none is missed.
func (s *Store) Notify(ref string) (<-chan struct{}, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.lookup(ref)
	if err != nil {
		return nil, err
	}
	return st.changed, nil
}

// Wait blocks until the shard behind iterator has a committed record at or
// after the iterator's position, so that GetRecords with it returns
// something, or until ctx is done (ctx.Err()), the store closes (ErrClosed)
// or the stream is deleted (IsNotFound). It does not check the iterator's
// age: after a long wait GetRecords may report IsExpiredIterator, and the
// poller gets a new iterator AFTER_SEQUENCE_NUMBER its last record.
func (s *Store) Wait(ctx context.Context, iterator string) error {
	p, ok := decodePosition(iterator)
	if !ok {
		return errInvalidIterator()
	}
	for {
		ready, changed, err := s.readable(p)
		if err != nil || ready {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.file.Closing():
			return ErrClosed
		case <-changed:
		}
	}
}

// readable reports whether p's shard has a committed record at or after
// p.start, and otherwise returns the channel that the next commit closes.
func (s *Store) readable(p position) (bool, <-chan struct{}, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.streams[p.name]
	if st == nil || st.meta.UID != p.uid || p.shard >= len(st.shards) {
		return false, nil, s.errShardNotFound(p.name, ShardID(p.shard))
	}
	from := p.start
	if cutoff := (recordKey{arrival: st.cutoff(s.nowMillis())}); from.less(cutoff) {
		from = cutoff // expired records do not count
	}
	sh := st.shards[p.shard]
	return sh.committed.counter > 0 && !sh.committed.less(from), st.changed, nil
}
