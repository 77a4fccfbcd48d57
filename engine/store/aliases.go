package store

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Alias is a named pointer to a function version, optionally sending a
// share of invocations to one additional version (AWS allows only one).
type Alias struct {
	FunctionName      string  `json:"functionName"`
	Name              string  `json:"name"`
	FunctionVersion   string  `json:"functionVersion"`
	Description       string  `json:"description"`
	AdditionalVersion string  `json:"additionalVersion,omitempty"`
	AdditionalWeight  float64 `json:"additionalWeight,omitempty"`
	RevisionID        string  `json:"revisionId"`
}

// Alias returns one alias of a function.
func (t *Tx) Alias(function, name string) (Alias, error) {
	var a Alias
	return a, get(t.tx.Bucket(bucketAliases), childKey(function, name), &a)
}

// PutAlias creates or replaces an alias.
func (t *Tx) PutAlias(a Alias) error {
	return put(t.tx.Bucket(bucketAliases), childKey(a.FunctionName, a.Name), a)
}

// DeleteAlias removes an alias with its resource policy and provisioned
// concurrency; a missing alias is not an error.
func (t *Tx) DeleteAlias(function, name string) error {
	if err := t.tx.Bucket(bucketAliases).Delete(childKey(function, name)); err != nil {
		return fmt.Errorf("delete alias: %w", err)
	}
	if err := t.DeleteProvisionedConfig(function, name); err != nil {
		return err
	}
	return t.DeletePolicy(function, name)
}

// Aliases returns every alias of a function in name order.
func (t *Tx) Aliases(function string) ([]Alias, error) {
	var out []Alias
	err := forEachChild(t.tx.Bucket(bucketAliases).Cursor(), function, func(k, raw []byte) error {
		var a Alias
		if err := json.Unmarshal(raw, &a); err != nil {
			return fmt.Errorf("decode alias %q: %w", k, err)
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

// childKey is the key of a record that belongs to a function: an alias or
// a resource policy.
func childKey(function, name string) []byte {
	return append(versionPrefix(function), name...)
}

type cursor interface {
	Seek(seek []byte) (key []byte, value []byte)
	Next() (key []byte, value []byte)
}

func forEachChild(c cursor, function string, fn func(k, raw []byte) error) error {
	prefix := versionPrefix(function)
	for k, raw := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, raw = c.Next() {
		if err := fn(k, raw); err != nil {
			return err
		}
	}
	return nil
}

// deleteChildren removes every record of function from bucket.
func (t *Tx) deleteChildren(bucket []byte, function string) error {
	var keys [][]byte
	err := forEachChild(t.tx.Bucket(bucket).Cursor(), function, func(k, _ []byte) error {
		keys = append(keys, bytes.Clone(k))
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := t.tx.Bucket(bucket).Delete(k); err != nil {
			return fmt.Errorf("delete %q: %w", k, err)
		}
	}
	return nil
}
