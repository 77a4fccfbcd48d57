package sqs

// sweep runs one retention pass over every queue. The store's file runs it
// every SweepInterval, so that queues nobody receives from do not keep
// expired messages and deduplication IDs forever. Receives also skip (and
// delete) expired messages they come across.
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
	c := s.file.Submit(ops...)
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
