package store

import (
	"encoding/json"
	"fmt"
	"time"
)

var (
	// bucketReserved maps a function name to its reserved concurrency.
	bucketReserved = []byte("reservedconcurrency")
	// bucketProvisioned maps function\x00qualifier to a ProvisionedConfig.
	bucketProvisioned = []byte("provisionedconcurrency")
)

// ProvisionedConfig is a provisioned-concurrency configuration of one
// published version or alias. Only what was asked for is durable; the
// engine re-provisions it after a restart.
type ProvisionedConfig struct {
	FunctionName string    `json:"functionName"`
	Qualifier    string    `json:"qualifier"`
	Requested    int       `json:"requested"`
	LastModified time.Time `json:"lastModified"`
}

// ReservedConcurrency returns a function's reserved concurrency, or
// ErrNotFound when it has none.
func (t *Tx) ReservedConcurrency(function string) (int, error) {
	var n int
	return n, get(t.tx.Bucket(bucketReserved), []byte(function), &n)
}

// PutReservedConcurrency sets a function's reserved concurrency.
func (t *Tx) PutReservedConcurrency(function string, n int) error {
	return put(t.tx.Bucket(bucketReserved), []byte(function), n)
}

// DeleteReservedConcurrency removes a function's reserved concurrency; none
// is not an error.
func (t *Tx) DeleteReservedConcurrency(function string) error {
	if err := t.tx.Bucket(bucketReserved).Delete([]byte(function)); err != nil {
		return fmt.Errorf("delete reserved concurrency: %w", err)
	}
	return nil
}

// ForEachReservedConcurrency calls fn for every function with reserved
// concurrency.
func (t *Tx) ForEachReservedConcurrency(fn func(function string, n int) error) error {
	return t.tx.Bucket(bucketReserved).ForEach(func(k, raw []byte) error {
		var n int
		if err := json.Unmarshal(raw, &n); err != nil {
			return fmt.Errorf("decode reserved concurrency %q: %w", k, err)
		}
		return fn(string(k), n)
	})
}

// ProvisionedConfig returns the provisioned-concurrency configuration of a
// version or alias.
func (t *Tx) ProvisionedConfig(function, qualifier string) (ProvisionedConfig, error) {
	var c ProvisionedConfig
	return c, get(t.tx.Bucket(bucketProvisioned), childKey(function, qualifier), &c)
}

// PutProvisionedConfig creates or replaces a provisioned-concurrency
// configuration.
func (t *Tx) PutProvisionedConfig(c ProvisionedConfig) error {
	return put(t.tx.Bucket(bucketProvisioned), childKey(c.FunctionName, c.Qualifier), c)
}

// DeleteProvisionedConfig removes a provisioned-concurrency configuration;
// none is not an error.
func (t *Tx) DeleteProvisionedConfig(function, qualifier string) error {
	if err := t.tx.Bucket(bucketProvisioned).Delete(childKey(function, qualifier)); err != nil {
		return fmt.Errorf("delete provisioned concurrency: %w", err)
	}
	return nil
}

// ProvisionedConfigs returns a function's provisioned-concurrency
// configurations in qualifier order.
func (t *Tx) ProvisionedConfigs(function string) ([]ProvisionedConfig, error) {
	var out []ProvisionedConfig
	err := forEachChild(t.tx.Bucket(bucketProvisioned).Cursor(), function, func(k, raw []byte) error {
		var c ProvisionedConfig
		if err := json.Unmarshal(raw, &c); err != nil {
			return fmt.Errorf("decode provisioned concurrency %q: %w", k, err)
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// ForEachProvisionedConfig calls fn for every provisioned-concurrency
// configuration.
func (t *Tx) ForEachProvisionedConfig(fn func(ProvisionedConfig) error) error {
	return t.tx.Bucket(bucketProvisioned).ForEach(func(k, raw []byte) error {
		var c ProvisionedConfig
		if err := json.Unmarshal(raw, &c); err != nil {
			return fmt.Errorf("decode provisioned concurrency %q: %w", k, err)
		}
		return fn(c)
	})
}

// deleteConcurrency removes everything concurrency-related of a function.
func (t *Tx) deleteConcurrency(function string) error {
	if err := t.DeleteReservedConcurrency(function); err != nil {
		return err
	}
	return t.deleteChildren(bucketProvisioned, function)
}
