package sqs

import (
	"time"
)

// sweepLoop deletes expired messages and deduplication IDs every interval,
// so that queues nobody receives from do not keep them forever. Receives
// also skip (and delete) expired messages they come across.
func (s *Store) sweepLoop(interval time.Duration) {
	defer s.wg.Done()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.closing:
			return
		case <-t.C:
			if err := s.sweep(); err != nil {
				s.log.Warn("sqs retention sweep failed", "err", err)
			}
		}
	}
}

// sweep runs one retention pass over every queue.
func (s *Store) sweep() error {
	s.mu.Lock()
	now := s.nowMillis()
	var ops []op
	for _, q := range s.queues {
		ops = append(ops, sweepQueue(q, now)...)
	}
	if len(ops) == 0 {
		s.mu.Unlock()
		return nil
	}
	c := s.w.Submit(ops...)
	s.mu.Unlock()
	return c.Wait()
}

func sweepQueue(q *queue, now int64) []op {
	var ops []op
	retention := q.retention()
	for _, m := range q.msgs {
		if !m.deleted && m.committed && m.expired(now, retention) {
			q.remove(m)
			ops = append(ops, opDeleteMessage(q.meta.UID, m.seq))
		}
	}
	q.tidy()
	for key, d := range q.dedup {
		if d.Expires <= now {
			delete(q.dedup, key)
			ops = append(ops, opDeleteDedup(q.meta.UID, key))
		}
	}
	return ops
}
