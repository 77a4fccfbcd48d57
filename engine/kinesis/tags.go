package kinesis

import (
	"maps"
	"unicode/utf8"
)

const (
	maxTags        = 50
	maxTagsPerCall = 10
	maxTagKey      = 128
	maxTagValue    = 256
)

func validateTags(tags map[string]string) error {
	for k, v := range tags {
		if k == "" || utf8.RuneCountInString(k) > maxTagKey {
			return errValidation(k, "tags", "Map keys must have length less than or equal to 128 and greater than or equal to 1")
		}
		if utf8.RuneCountInString(v) > maxTagValue {
			return errValidation(v, "tags", "Map value must have length less than or equal to 256")
		}
	}
	if len(tags) > maxTags {
		return errInvalid("Failed to add tags to stream because a given stream cannot have more than %d tags.", maxTags)
	}
	return nil
}

// AddTags adds or overwrites tags on a stream (at most 10 per call and 50
// in all, as on AWS).
func (s *Store) AddTags(ref string, tags map[string]string) error {
	if len(tags) == 0 || len(tags) > maxTagsPerCall {
		return errValidation(len(tags), "tags", "Member must have between 1 and 10 entries")
	}
	if err := validateTags(tags); err != nil {
		return err
	}
	return s.updateMeta(ref, func(st *stream) error {
		merged := maps.Clone(st.meta.Tags)
		if merged == nil {
			merged = map[string]string{}
		}
		maps.Copy(merged, tags)
		if len(merged) > maxTags {
			return newError(codeLimitExceeded, "Failed to add tags to stream %s under account %s because a given stream "+
				"cannot have more than %d tags.", st.meta.Name, s.account, maxTags)
		}
		st.meta.Tags = merged
		return nil
	})
}

// RemoveTags removes the named tags; keys the stream lacks are ignored.
func (s *Store) RemoveTags(ref string, keys []string) error {
	if len(keys) == 0 || len(keys) > maxTagsPerCall {
		return errValidation(len(keys), "tagKeys", "Member must have between 1 and 10 entries")
	}
	return s.updateMeta(ref, func(st *stream) error {
		for _, k := range keys {
			delete(st.meta.Tags, k)
		}
		return nil
	})
}

// Tags returns a stream's tags.
func (s *Store) Tags(ref string) (map[string]string, error) {
	info, err := s.Describe(ref)
	if info.Tags == nil && err == nil {
		info.Tags = map[string]string{}
	}
	return info.Tags, err
}

// SetRetention changes a stream's retention period. increase says which
// API was called: IncreaseStreamRetentionPeriod may not shorten it and
// DecreaseStreamRetentionPeriod may not lengthen it, as on AWS. A shorter
// period hides older records at once and deletes them at the next sweep.
func (s *Store) SetRetention(ref string, hours int, increase bool) error {
	if hours < defaultRetentionHours {
		return errInvalid("Minimum allowed retention period is %d hours. Requested retention period (%d hours) is too short.",
			defaultRetentionHours, hours)
	}
	if hours > maxRetentionHours {
		return errInvalid("Maximum allowed retention period is %d hours. Requested retention period (%d hours) is too long.",
			maxRetentionHours, hours)
	}
	return s.updateMeta(ref, func(st *stream) error {
		cur := st.meta.RetentionHours
		if increase && hours < cur {
			return errInvalid("Requested retention period (%d hours) for stream %s can not be shorter than existing "+
				"retention period (%d hours). Use DecreaseRetentionPeriod API.", hours, st.meta.Name, cur)
		}
		if !increase && hours > cur {
			return errInvalid("Requested retention period (%d hours) for stream %s can not be longer than existing "+
				"retention period (%d hours). Use IncreaseRetentionPeriod API.", hours, st.meta.Name, cur)
		}
		st.meta.RetentionHours = hours
		return nil
	})
}

// updateMeta applies change to a stream's metadata and commits it.
func (s *Store) updateMeta(ref string, change func(st *stream) error) error {
	s.mu.Lock()
	st, err := s.lookup(ref)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	if st.meta.Status != StatusActive {
		s.mu.Unlock()
		return newError(codeInUse, "Stream %s under account %s not ACTIVE, instead in state %s",
			st.meta.Name, s.account, st.meta.Status)
	}
	if err := change(st); err != nil {
		s.mu.Unlock()
		return err
	}
	c := s.file.Submit(opPutStream(&st.meta))
	s.mu.Unlock()
	return c.Wait()
}
