package sqs

import (
	"maps"
	"strconv"
)

// allAttrNames are the names GetQueueAttributes knows, in AWS's order.
var allAttrNames = []string{
	attrPolicy, attrVisibilityTimeout, attrMaximumMessageSize, attrMessageRetentionPeriod,
	attrApproxMessages, attrApproxMessagesNotVisible, attrCreatedTimestamp, attrLastModifiedTimestamp,
	attrQueueArn, attrApproxMessagesDelayed, attrDelaySeconds, attrReceiveWaitTime, attrRedrivePolicy,
	attrFifoQueue, attrContentBasedDedup, attrKmsMasterKeyID, attrKmsDataKeyReusePeriod,
	attrDeduplicationScope, attrFifoThroughputLimit, attrRedriveAllowPolicy, attrSqsManagedSseEnabled,
}

var knownAttr = func() map[string]bool {
	m := map[string]bool{"All": true}
	for _, n := range allAttrNames {
		m[n] = true
	}
	return m
}()

// Attributes returns the queue's attributes with the given names ("All"
// for every one). Attributes the queue does not have are left out.
func (s *Store) Attributes(ref string, names []string) (map[string]string, error) {
	for _, n := range names {
		if !knownAttr[n] {
			return nil, errAttrName(n)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	q, err := s.lookup(ref)
	if err != nil {
		return nil, err
	}
	all := s.allAttributes(q)
	out := map[string]string{}
	for _, n := range names {
		if n == "All" {
			return all, nil
		}
		if v, ok := all[n]; ok {
			out[n] = v
		}
	}
	return out, nil
}

// allAttributes: the settable attributes plus the computed ones.
func (s *Store) allAttributes(q *queue) map[string]string {
	out := maps.Clone(q.meta.Attrs)
	visible, inFlight, delayed := q.counts(s.nowMillis())
	out[attrApproxMessages] = strconv.Itoa(visible)
	out[attrApproxMessagesNotVisible] = strconv.Itoa(inFlight)
	out[attrApproxMessagesDelayed] = strconv.Itoa(delayed)
	out[attrCreatedTimestamp] = strconv.FormatInt(q.meta.Created, 10)
	out[attrLastModifiedTimestamp] = strconv.FormatInt(q.meta.Modified, 10)
	out[attrQueueArn] = s.ARN(q.meta.Name)
	return out
}

// SetAttributes changes queue attributes; "" removes Policy, RedrivePolicy,
// RedriveAllowPolicy or KmsMasterKeyId.
func (s *Store) SetAttributes(ref string, attrs map[string]string) error {
	if _, ok := attrs[attrFifoQueue]; ok {
		return errAttrName(attrFifoQueue) // a queue's type is fixed at creation
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	q, err := s.lookup(ref)
	if err != nil {
		return err
	}
	norm, err := normalizeAttrs(attrs, q.fifo)
	if err != nil {
		return err
	}
	if err := s.checkRedrive(norm[attrRedrivePolicy], q.fifo); err != nil {
		return err
	}
	if v, ok := norm[attrKmsMasterKeyID]; ok && v == "" {
		delete(q.meta.Attrs, attrKmsDataKeyReusePeriod)
		q.meta.Attrs[attrSqsManagedSseEnabled] = "true"
	}
	mergeAttrs(q.meta.Attrs, norm)
	q.meta.Modified = s.now().Unix()
	q.applyAttrs()
	q.notify() // a shorter delay or visibility may make messages receivable sooner
	return s.putMetaLocked(q)
}

// putMetaLocked persists q.meta. It is called with s.mu held and waits for
// the commit with it held: queue definition changes are rare, and holding
// the lock keeps the in-memory and committed definitions in step.
func (s *Store) putMetaLocked(q *queue) error {
	return s.file.Submit(opPutQueue(q.meta.Name, q.meta.UID, mustJSON(q.meta))).Wait()
}

// Tags returns the queue's tags.
func (s *Store) Tags(ref string) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, err := s.lookup(ref)
	if err != nil {
		return nil, err
	}
	return maps.Clone(q.meta.Tags), nil
}

// Tag adds or replaces tags.
func (s *Store) Tag(ref string, tags map[string]string) error {
	return s.editTags(ref, func(t map[string]string) { maps.Copy(t, tags) })
}

// Untag removes the tags with the given keys.
func (s *Store) Untag(ref string, keys []string) error {
	return s.editTags(ref, func(t map[string]string) {
		for _, k := range keys {
			delete(t, k)
		}
	})
}

func (s *Store) editTags(ref string, edit func(map[string]string)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, err := s.lookup(ref)
	if err != nil {
		return err
	}
	if q.meta.Tags == nil {
		q.meta.Tags = map[string]string{}
	}
	edit(q.meta.Tags)
	return s.putMetaLocked(q)
}
