package kinesis

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	mathrand "math/rand/v2"
	"slices"
	"strings"
	"time"
)

// CreateInput describes a new stream.
type CreateInput struct {
	Name string
	// Mode is ModeProvisioned (the default) or ModeOnDemand.
	Mode string
	// ShardCount is required for provisioned streams; on-demand streams
	// start with four shards.
	ShardCount int
	Tags       map[string]string
}

// CreateStream creates a stream in the CREATING state; it becomes ACTIVE
// after Options.TransitionDelay, as on AWS after a few seconds.
func (s *Store) CreateStream(in CreateInput) error {
	if err := validateCreate(&in); err != nil {
		return err
	}
	s.mu.Lock()
	if _, ok := s.streams[in.Name]; ok {
		s.mu.Unlock()
		return s.errStreamExists(in.Name)
	}
	if err := s.checkShardLimit(in.ShardCount); err != nil {
		s.mu.Unlock()
		return err
	}
	st := newStream(streamMeta{
		Name: in.Name, UID: newUID(), SeqID: newSeqID(), Created: s.nowMillis(), ShardCount: in.ShardCount, Mode: in.Mode,
		RetentionHours: defaultRetentionHours, Status: StatusCreating, Tags: maps.Clone(in.Tags),
	})
	// In the map before the commit, so a concurrent create of the same
	// name fails; removed again if the commit does.
	s.streams[in.Name] = st
	c := s.file.Submit(opPutStream(&st.meta))
	s.mu.Unlock()
	err := c.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		if s.streams[in.Name] == st {
			delete(s.streams, in.Name)
		}
		return err
	}
	s.scheduleTransition(st)
	return nil
}

func validateCreate(in *CreateInput) error {
	if err := validateStreamName("streamName", in.Name); err != nil {
		return err
	}
	switch in.Mode {
	case "", ModeProvisioned:
		in.Mode = ModeProvisioned
		if in.ShardCount == 0 {
			return errInvalid("ShardCount must be provided for a stream in PROVISIONED mode.")
		}
	case ModeOnDemand:
		if in.ShardCount == 0 {
			in.ShardCount = onDemandShards
		}
	default:
		return errValidation(in.Mode, "streamModeDetails.streamMode",
			"Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]")
	}
	if in.ShardCount < 1 {
		return errValidation(in.ShardCount, "shardCount", "Member must have value greater than or equal to 1")
	}
	return validateTags(in.Tags)
}

func (s *Store) checkShardLimit(more int) error {
	open := 0
	for _, st := range s.streams {
		open += st.meta.ShardCount
	}
	if open+more > s.shardLimit {
		return newError(codeLimitExceeded, "This request would exceed the shard limit for the account %s in %s. "+
			"Current shard count for the account: %d. Limit: %d. Number of additional shards that would have resulted "+
			"from this request: %d. Refer to the AWS Service Limits page "+
			"(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to "+
			"request higher limits.", s.account, s.region, open, s.shardLimit, more)
	}
	return nil
}

// validateStreamName applies AWS's StreamName constraints.
func validateStreamName(member, name string) error {
	if name == "" || len(name) > 128 {
		return errValidation(name, member, "Member must have length less than or equal to 128")
	}
	for _, c := range name {
		if !isNameRune(c) {
			return errValidation(name, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
		}
	}
	return nil
}

// newSeqID is a random number of exactly 14 digits.
func newSeqID() int64 {
	const lo, span = 10_000_000_000_000, 90_000_000_000_000
	return lo + mathrand.Int64N(span)
}

func isNameRune(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

func newUID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// DeleteStream puts a stream in the DELETING state and removes it, with
// its records, after Options.TransitionDelay. As on AWS, a DELETING
// stream still serves reads and writes until it is gone.
func (s *Store) DeleteStream(ref string) error {
	s.mu.Lock()
	st, err := s.lookup(ref)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	if st.meta.Status != StatusActive {
		s.mu.Unlock()
		return newError(codeInUse, "Stream %s under account %s is in %s state and cannot be deleted.",
			st.meta.Name, s.account, st.meta.Status)
	}
	st.meta.Status = StatusDeleting
	c := s.file.Submit(opPutStream(&st.meta))
	s.scheduleTransition(st)
	s.mu.Unlock()
	return c.Wait()
}

// scheduleTransition finishes st's CREATING or DELETING state later.
// Callers hold s.mu.
func (s *Store) scheduleTransition(st *stream) {
	name, uid := st.meta.Name, st.meta.UID
	time.AfterFunc(s.transition, func() {
		select {
		case <-s.file.Closing():
			return // the next Open finishes it
		default:
		}
		if err := s.finishTransition(name, uid); err != nil {
			s.log.Warn("kinesis stream state change failed", "stream", name, "err", err)
		}
	})
}

func (s *Store) finishTransition(name, uid string) error {
	s.mu.Lock()
	st := s.streams[name]
	if st == nil || st.meta.UID != uid {
		s.mu.Unlock()
		return nil
	}
	var c *change
	switch st.meta.Status {
	case StatusCreating:
		st.meta.Status = StatusActive
		c = s.file.Submit(opPutStream(&st.meta))
	case StatusDeleting:
		delete(s.streams, name)
		st.notify()
		c = s.file.Submit(opDeleteStream(name, uid))
	default:
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	return c.Wait()
}

// lookup finds a stream by name or ARN. Callers hold s.mu.
func (s *Store) lookup(ref string) (*stream, error) {
	name, err := s.nameOf(ref)
	if err != nil {
		return nil, err
	}
	st, ok := s.streams[name]
	if !ok {
		return nil, s.errStreamNotFound(name)
	}
	return st, nil
}

// lookupData finds a stream that serves reads and writes: ACTIVE, or
// DELETING but not yet gone. Callers hold s.mu.
func (s *Store) lookupData(ref string) (*stream, error) {
	st, err := s.lookup(ref)
	if err != nil {
		return nil, err
	}
	if st.meta.Status == StatusCreating {
		return nil, s.errStreamNotFound(st.meta.Name)
	}
	return st, nil
}

// ARN returns the ARN of the stream with the given name.
func (s *Store) ARN(name string) string {
	return fmt.Sprintf("arn:aws:kinesis:%s:%s:stream/%s", s.region, s.account, name)
}

// nameOf turns a stream ARN or name into a name. An ARN of another
// account or region names no stream here.
func (s *Store) nameOf(ref string) (string, error) {
	if !strings.HasPrefix(ref, "arn:") {
		return ref, nil
	}
	name, ok := strings.CutPrefix(ref, s.ARN(""))
	if !ok || name == "" {
		_, after, _ := strings.Cut(ref, ":stream/")
		return "", s.errStreamNotFound(after)
	}
	return name, nil
}

// StreamInfo describes a stream.
type StreamInfo struct {
	Name, ARN      string
	Status, Mode   string
	Created        time.Time
	RetentionHours int
	Shards         []ShardInfo
	Tags           map[string]string
}

// ShardInfo describes a shard: its ID, hash key range (decimal strings)
// and the sequence number below all of its records.
type ShardInfo struct {
	ShardID                        string
	StartingHashKey, EndingHashKey string
	StartingSequenceNumber         string
}

// Describe returns a stream's description by name or ARN.
func (s *Store) Describe(ref string) (StreamInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.lookup(ref)
	if err != nil {
		return StreamInfo{}, err
	}
	return s.info(st), nil
}

// StreamByARN is Describe for an event source mapping's EventSourceArn.
func (s *Store) StreamByARN(arn string) (StreamInfo, error) {
	if !strings.HasPrefix(arn, "arn:") {
		return StreamInfo{}, errInvalid("%s is not a stream ARN.", arn)
	}
	return s.Describe(arn)
}

// Shards lists a stream's shards in order.
func (s *Store) Shards(ref string) ([]ShardInfo, error) {
	info, err := s.Describe(ref)
	return info.Shards, err
}

// ListStreams describes every stream, by name.
func (s *Store) ListStreams() []StreamInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]StreamInfo, 0, len(s.streams))
	for _, name := range slices.Sorted(maps.Keys(s.streams)) {
		out = append(out, s.info(s.streams[name]))
	}
	return out
}

func (s *Store) info(st *stream) StreamInfo {
	info := StreamInfo{
		Name: st.meta.Name, ARN: s.ARN(st.meta.Name), Status: st.meta.Status, Mode: st.meta.Mode,
		Created: time.UnixMilli(st.meta.Created), RetentionHours: st.meta.RetentionHours, Tags: maps.Clone(st.meta.Tags),
	}
	for _, sh := range st.shards {
		info.Shards = append(info.Shards, ShardInfo{
			ShardID: ShardID(sh.index), StartingHashKey: sh.start.String(), EndingHashKey: sh.end.String(),
			StartingSequenceNumber: st.startingSeq(sh.index),
		})
	}
	return info
}
