package kinesis

import (
	"fmt"
	"math/big"
	"time"
)

// Stream statuses, as AWS names them.
const (
	StatusCreating = "CREATING"
	StatusActive   = "ACTIVE"
	StatusDeleting = "DELETING"
)

// Stream modes.
const (
	ModeProvisioned = "PROVISIONED"
	ModeOnDemand    = "ON_DEMAND"
)

const (
	// onDemandShards is how many shards an ON_DEMAND stream starts with,
	// as on AWS.
	onDemandShards = 4
	// defaultRetentionHours and maxRetentionHours bound a stream's
	// retention period (24 hours to 365 days).
	defaultRetentionHours = 24
	maxRetentionHours     = 8760
)

// streamMeta is a stream's persistent description.
type streamMeta struct {
	Name    string `json:"name"`
	UID     string `json:"uid"`
	Created int64  `json:"created"` // Unix milliseconds
	// SeqID is a random 14-digit number in every sequence number of the
	// stream, so that numbers of another stream are told apart.
	SeqID          int64             `json:"seqId"`
	ShardCount     int               `json:"shards"`
	Mode           string            `json:"mode"`
	RetentionHours int               `json:"retentionHours"`
	Status         string            `json:"status"`
	Tags           map[string]string `json:"tags,omitempty"`
}

// stream is a stream in memory: its metadata and each shard's tip.
type stream struct {
	meta   streamMeta
	shards []*shard
	// changed is closed (and replaced) when records are committed to the
	// stream, and closed when the stream goes away; see Notify.
	changed chan struct{}
}

// shard is a shard's hash key range and the position of its newest record.
type shard struct {
	index      int
	start, end *big.Int // inclusive hash key range
	// last is the newest record's key, committed is the newest committed
	// record's; a zero counter means none yet.
	last, committed recordKey
}

func newStream(meta streamMeta) *stream {
	st := &stream{meta: meta, changed: make(chan struct{})}
	for i, r := range hashRanges(meta.ShardCount) {
		st.shards = append(st.shards, &shard{index: i, start: r[0], end: r[1], last: recordKey{arrival: meta.Created}})
	}
	return st
}

// uid identifies this incarnation of the stream.
func (st *stream) uid() string { return st.meta.UID }

// notify wakes everyone waiting for a change to st.
func (st *stream) notify() {
	close(st.changed)
	st.changed = make(chan struct{})
}

func (st *stream) retention() time.Duration {
	return time.Duration(st.meta.RetentionHours) * time.Hour
}

// cutoff is the arrival time (Unix ms) before which records have expired.
func (st *stream) cutoff(nowMillis int64) int64 { return nowMillis - st.retention().Milliseconds() }

// ShardID is AWS's shard identifier for a shard index.
func ShardID(index int) string { return fmt.Sprintf("shardId-%012d", index) }

// parseShardID accepts "shardId-000000000001" or, as AWS does, the bare
// number.
func parseShardID(id string) (int, bool) {
	var n int
	digits := id
	if len(id) > len("shardId-") && id[:len("shardId-")] == "shardId-" {
		digits = id[len("shardId-"):]
	}
	if digits == "" || len(digits) > 12 {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
