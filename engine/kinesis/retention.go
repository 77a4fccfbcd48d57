package kinesis

import "time"

// sweepLoop deletes records past their stream's retention period every
// interval, so that the file does not keep them; reads already skip them.
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
				s.log.Warn("kinesis retention sweep failed", "err", err)
			}
		}
	}
}

// sweep runs one retention pass over every shard of every stream.
func (s *Store) sweep() error {
	s.mu.Lock()
	now := s.nowMillis()
	var ops []op
	for _, st := range s.streams {
		for _, sh := range st.shards {
			ops = append(ops, opTrim(st.meta.UID, sh.index, st.cutoff(now)))
		}
	}
	if len(ops) == 0 {
		s.mu.Unlock()
		return nil
	}
	c := s.w.Submit(ops...)
	s.mu.Unlock()
	return c.Wait()
}
