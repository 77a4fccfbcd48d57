package sqs

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// CreateQueue creates a queue, or succeeds without change if one with the
// same name exists and every attribute given matches it (as AWS does).
func (s *Store) CreateQueue(name string, attrs, tags map[string]string) error {
	fifo := strings.EqualFold(attrs[attrFifoQueue], "true")
	if err := validateQueueName(name, fifo); err != nil {
		return err
	}
	if !fifo && strings.HasSuffix(name, fifoSuffix) {
		return errInvalidParam(queueNameRule)
	}
	norm, err := normalizeAttrs(attrs, fifo)
	if err != nil {
		return err
	}
	if !fifo {
		delete(norm, attrFifoQueue) // "false" is the standard queue's implicit value
	}
	s.mu.Lock()
	if q, ok := s.queues[name]; ok {
		s.mu.Unlock()
		return sameAttrs(q, norm)
	}
	if err := s.checkRedrive(norm[attrRedrivePolicy], fifo); err != nil {
		s.mu.Unlock()
		return err
	}
	now := s.now().Unix()
	meta := queueMeta{Name: name, UID: newUUID(), Attrs: defaultAttrs(fifo), Tags: maps.Clone(tags),
		Created: now, Modified: now}
	mergeAttrs(meta.Attrs, norm)
	q := newQueue(meta)
	s.queues[name] = q
	c := s.file.Submit(opPutQueue(name, meta.UID, mustJSON(meta)))
	s.mu.Unlock()
	return s.settle(c, func() {
		if s.queues[name] == q {
			delete(s.queues, name)
		}
	})
}

// settle waits for c and, if it failed, undoes the in-memory change.
func (s *Store) settle(c *change, undo func()) error {
	err := c.Wait()
	if err != nil && undo != nil {
		s.mu.Lock()
		undo()
		s.mu.Unlock()
	}
	return err
}

func normalizeAttrs(attrs map[string]string, fifo bool) (map[string]string, error) {
	out := make(map[string]string, len(attrs))
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		v, err := normalizeAttr(name, attrs[name], fifo)
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	if p, err := parseRedrive(out[attrRedrivePolicy]); err != nil {
		return nil, err
	} else if p.target != "" {
		out[attrRedrivePolicy] = canonicalRedrive(p)
	}
	return out, nil
}

// mergeAttrs applies changes; "" removes an optional attribute.
func mergeAttrs(dst, changes map[string]string) {
	for k, v := range changes {
		if v == "" {
			delete(dst, k)
		} else {
			dst[k] = v
		}
	}
	if dst[attrKmsMasterKeyID] != "" {
		dst[attrSqsManagedSseEnabled] = "false"
		if dst[attrKmsDataKeyReusePeriod] == "" {
			dst[attrKmsDataKeyReusePeriod] = "300"
		}
	}
}

func sameAttrs(q *queue, attrs map[string]string) error {
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		if q.meta.Attrs[name] != attrs[name] {
			return errQueueExists(name)
		}
	}
	return nil
}

// checkRedrive checks that a RedrivePolicy names an existing dead-letter
// queue of the same type. Callers hold s.mu.
func (s *Store) checkRedrive(policy string, fifo bool) error {
	p, err := parseRedrive(policy)
	if err != nil || p.target == "" {
		return err
	}
	name, ok := s.nameOf(p.target)
	dlq := s.queues[name]
	switch {
	case !ok || dlq == nil:
		return redriveError(policy, "Dead letter target does not exist.")
	case dlq.fifo != fifo:
		return redriveError(policy, "Dead-letter queue must be same type of queue as the source.")
	}
	return nil
}

// lookup resolves a queue name, URL or ARN. Callers hold s.mu.
func (s *Store) lookup(ref string) (*queue, error) {
	name, ok := s.nameOf(ref)
	if !ok {
		return nil, ErrQueueNotFound
	}
	q := s.queues[name]
	if q == nil {
		return nil, ErrQueueNotFound
	}
	return q, nil
}

// QueueName resolves a queue name, URL or ARN to the name of an existing
// queue.
func (s *Store) QueueName(ref string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, err := s.lookup(ref)
	if err != nil {
		return "", err
	}
	return q.meta.Name, nil
}

// QueueByARN returns the name of the queue with the given ARN.
func (s *Store) QueueByARN(arn string) (string, bool) {
	if !strings.HasPrefix(arn, "arn:") {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	q, err := s.lookup(arn)
	if err != nil {
		return "", false
	}
	return q.meta.Name, true
}

// DeleteQueue deletes a queue and its messages; long polls on it return.
func (s *Store) DeleteQueue(ref string) error {
	s.mu.Lock()
	q, err := s.lookup(ref)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	delete(s.queues, q.meta.Name)
	q.notify()
	c := s.file.Submit(opDeleteQueue(q.meta.Name, q.meta.UID))
	s.mu.Unlock()
	return c.Wait()
}

// ListQueues returns the names of queues starting with prefix, sorted.
func (s *Store) ListQueues(prefix string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for name := range s.queues {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// DeadLetterSources returns the names of queues whose RedrivePolicy names
// ref as their dead-letter queue, sorted.
func (s *Store) DeadLetterSources(ref string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dlq, err := s.lookup(ref)
	if err != nil {
		return nil, err
	}
	arn := s.ARN(dlq.meta.Name)
	var names []string
	for name, q := range s.queues {
		if q.redrive.target == arn {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names, nil
}

// purgeInterval is how often AWS lets a queue be purged.
const purgeInterval = 60 * time.Second

// Purge deletes every message in the queue (messages sent after the call
// are kept). A queue can be purged once every 60 seconds.
func (s *Store) Purge(ref string) error {
	s.mu.Lock()
	q, err := s.lookup(ref)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	now := s.nowMillis()
	if q.meta.LastPurge != 0 && now-q.meta.LastPurge < purgeInterval.Milliseconds() {
		s.mu.Unlock()
		return errPurgeInProgress(q.meta.Name)
	}
	for _, m := range q.msgs {
		q.remove(m)
	}
	q.compact()
	q.meta.LastPurge = now
	c := s.file.Submit(opPurge(q.meta.UID), opPutQueue(q.meta.Name, q.meta.UID, mustJSON(q.meta)))
	s.mu.Unlock()
	return c.Wait()
}
