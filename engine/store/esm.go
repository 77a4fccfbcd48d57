package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Event source mappings live in their own buckets, created on first write so
// that a data directory from before they existed opens unchanged. A mapping
// outlives its function, as on AWS: deleting the function leaves the mapping
// (it then fails to invoke) until the mapping itself is deleted.
var (
	bucketMappings    = []byte("eventsourcemappings")
	bucketCheckpoints = []byte("esmcheckpoints")
)

// EventSourceMapping is one poll-based event source mapping, its
// configuration as last written through the API and its state.
type EventSourceMapping struct {
	UUID           string `json:"uuid"`
	EventSourceArn string `json:"eventSourceArn"`
	Kind           string `json:"kind"` // "sqs" or "kinesis"
	FunctionName   string `json:"functionName"`
	Qualifier      string `json:"qualifier,omitempty"`

	// Enabled is what the user asked for; State is where the pollers are
	// (Creating, Enabling, Enabled, Disabling, Disabled, Updating, Deleting).
	Enabled               bool      `json:"enabled"`
	State                 string    `json:"state"`
	StateTransitionReason string    `json:"stateTransitionReason"`
	LastProcessingResult  string    `json:"lastProcessingResult,omitempty"`
	LastModified          time.Time `json:"lastModified"`
	// Revision changes with every API write, so the pollers only settle a
	// transition for the configuration they started with.
	Revision string `json:"revision"`

	BatchSize                      int32    `json:"batchSize"`
	MaximumBatchingWindowInSeconds int32    `json:"maximumBatchingWindowInSeconds"`
	FilterPatterns                 []string `json:"filterPatterns,omitempty"`
	FunctionResponseTypes          []string `json:"functionResponseTypes,omitempty"`
	MaximumConcurrency             int32    `json:"maximumConcurrency,omitempty"` // 0: not set

	StartingPosition           string     `json:"startingPosition,omitempty"`
	StartingPositionTimestamp  *time.Time `json:"startingPositionTimestamp,omitempty"`
	ParallelizationFactor      int32      `json:"parallelizationFactor,omitempty"`
	BisectBatchOnFunctionError bool       `json:"bisectBatchOnFunctionError,omitempty"`
	MaximumRetryAttempts       int32      `json:"maximumRetryAttempts,omitempty"`
	MaximumRecordAgeInSeconds  int32      `json:"maximumRecordAgeInSeconds,omitempty"`
	TumblingWindowInSeconds    int32      `json:"tumblingWindowInSeconds,omitempty"`
	OnFailure                  string     `json:"onFailure,omitempty"`

	Tags map[string]string `json:"tags,omitempty"`
}

// Checkpoint is how far a stream mapping has processed one shard: the last
// sequence number whose batch finished, and the tumbling window state the
// function returned for the window that is still open.
type Checkpoint struct {
	SequenceNumber string          `json:"sequenceNumber"`
	WindowStart    time.Time       `json:"windowStart,omitzero"`
	WindowState    json.RawMessage `json:"windowState,omitempty"`
}

// bucket returns the named bucket, creating it in a writable transaction;
// nil in a read-only one where it was never created.
func (t *Tx) bucket(name []byte) (*bolt.Bucket, error) {
	if b := t.tx.Bucket(name); b != nil || !t.tx.Writable() {
		return b, nil
	}
	b, err := t.tx.CreateBucket(name)
	if err != nil {
		return nil, fmt.Errorf("create bucket %s: %w", name, err)
	}
	return b, nil
}

// EventSourceMapping returns the mapping with the given UUID.
func (t *Tx) EventSourceMapping(uuid string) (EventSourceMapping, error) {
	var m EventSourceMapping
	b, err := t.bucket(bucketMappings)
	if err != nil || b == nil {
		return m, cmpErr(err, ErrNotFound)
	}
	return m, get(b, []byte(uuid), &m)
}

// PutEventSourceMapping creates or replaces a mapping.
func (t *Tx) PutEventSourceMapping(m EventSourceMapping) error {
	b, err := t.bucket(bucketMappings)
	if err != nil {
		return err
	}
	return put(b, []byte(m.UUID), m)
}

// DeleteEventSourceMapping removes a mapping and its checkpoints; a missing
// mapping is not an error.
func (t *Tx) DeleteEventSourceMapping(uuid string) error {
	b, err := t.bucket(bucketMappings)
	if err != nil {
		return err
	}
	if err := b.Delete([]byte(uuid)); err != nil {
		return fmt.Errorf("delete event source mapping: %w", err)
	}
	return t.deleteCheckpoints(uuid)
}

// EventSourceMappings returns every mapping in UUID order.
func (t *Tx) EventSourceMappings() ([]EventSourceMapping, error) {
	b, err := t.bucket(bucketMappings)
	if err != nil || b == nil {
		return nil, err
	}
	var out []EventSourceMapping
	err = b.ForEach(func(k, raw []byte) error {
		var m EventSourceMapping
		if err := json.Unmarshal(raw, &m); err != nil {
			return fmt.Errorf("decode event source mapping %q: %w", k, err)
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// Checkpoint returns a mapping's checkpoint of one shard.
func (t *Tx) Checkpoint(uuid, shard string) (Checkpoint, error) {
	var c Checkpoint
	b, err := t.bucket(bucketCheckpoints)
	if err != nil || b == nil {
		return c, cmpErr(err, ErrNotFound)
	}
	return c, get(b, childKey(uuid, shard), &c)
}

// PutCheckpoint records a mapping's progress on one shard.
func (t *Tx) PutCheckpoint(uuid, shard string, c Checkpoint) error {
	b, err := t.bucket(bucketCheckpoints)
	if err != nil {
		return err
	}
	return put(b, childKey(uuid, shard), c)
}

func (t *Tx) deleteCheckpoints(uuid string) error {
	b, err := t.bucket(bucketCheckpoints)
	if err != nil {
		return err
	}
	prefix := versionPrefix(uuid)
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return fmt.Errorf("delete checkpoint: %w", err)
		}
	}
	return nil
}

// cmpErr returns err if set, otherwise fallback.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
