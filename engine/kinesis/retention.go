package kinesis

// sweep runs one retention pass over every shard of every stream. The
// store's file runs it every SweepInterval, so that the file does not keep
// records past their stream's retention period; reads already skip them.
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
	c := s.file.Submit(ops...)
	s.mu.Unlock()
	return c.Wait()
}
