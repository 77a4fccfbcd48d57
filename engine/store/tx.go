package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// Tx is a store transaction. Records are JSON values; version keys are
// "<function>\x00<version>" with numbered versions zero-padded so that a
// cursor walks $LATEST first and then versions in numeric order.
type Tx struct {
	tx       *bolt.Tx
	released []string // blob keys whose reference count reached zero
}

func versionKey(function, version string) []byte {
	if n, err := strconv.Atoi(version); err == nil && version != LatestVersion {
		version = fmt.Sprintf("%010d", n)
	}
	return append(versionPrefix(function), version...)
}

func versionPrefix(function string) []byte {
	return append([]byte(function), 0)
}

// Function returns the function record for name.
func (t *Tx) Function(name string) (Function, error) {
	var f Function
	return f, get(t.tx.Bucket(bucketFunctions), []byte(name), &f)
}

// PutFunction creates or replaces a function record.
func (t *Tx) PutFunction(f Function) error {
	return put(t.tx.Bucket(bucketFunctions), []byte(f.Name), f)
}

// Version returns one version of a function.
func (t *Tx) Version(function, version string) (Version, error) {
	var v Version
	return v, get(t.tx.Bucket(bucketVersions), versionKey(function, version), &v)
}

// PutVersion creates or replaces a version record and keeps the blob
// reference counts in step with the code it points at.
func (t *Tx) PutVersion(v Version) error {
	b := t.tx.Bucket(bucketVersions)
	key := versionKey(v.FunctionName, v.Version)
	var old Version
	switch err := get(b, key, &old); err {
	case nil:
		if old.Code.BlobKey != v.Code.BlobKey {
			if err := t.unref(old.Code.BlobKey); err != nil {
				return err
			}
			if err := t.ref(v.Code.BlobKey); err != nil {
				return err
			}
		}
	case ErrNotFound:
		if err := t.ref(v.Code.BlobKey); err != nil {
			return err
		}
	default:
		return err
	}
	return put(b, key, v)
}

// DeleteVersion removes one version with its resource policy.
func (t *Tx) DeleteVersion(function, version string) error {
	b := t.tx.Bucket(bucketVersions)
	key := versionKey(function, version)
	var old Version
	if err := get(b, key, &old); err != nil {
		return err
	}
	if err := t.unref(old.Code.BlobKey); err != nil {
		return err
	}
	if err := b.Delete(key); err != nil {
		return fmt.Errorf("delete version: %w", err)
	}
	if err := t.DeleteProvisionedConfig(function, version); err != nil {
		return err
	}
	return t.DeletePolicy(function, version)
}

// Versions returns every version of a function, $LATEST first.
func (t *Tx) Versions(function string) ([]Version, error) {
	var out []Version
	prefix := versionPrefix(function)
	c := t.tx.Bucket(bucketVersions).Cursor()
	for k, raw := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, raw = c.Next() {
		var v Version
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("decode version %q: %w", k, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// DeleteFunction removes a function with all its versions, aliases,
// resource policies and concurrency settings.
func (t *Tx) DeleteFunction(name string) error {
	versions, err := t.Versions(name)
	if err != nil {
		return err
	}
	if err := t.deleteConcurrency(name); err != nil {
		return err
	}
	for _, bucket := range [][]byte{bucketAliases, bucketPolicies} {
		if err := t.deleteChildren(bucket, name); err != nil {
			return err
		}
	}
	for _, v := range versions {
		if err := t.DeleteVersion(name, v.Version); err != nil {
			return err
		}
	}
	if err := t.tx.Bucket(bucketFunctions).Delete([]byte(name)); err != nil {
		return fmt.Errorf("delete function: %w", err)
	}
	return nil
}

// Functions returns up to limit functions whose names sort after marker, in
// name order, and whether more follow.
func (t *Tx) Functions(marker string, limit int) ([]Function, bool, error) {
	var out []Function
	c := t.tx.Bucket(bucketFunctions).Cursor()
	k, raw := c.First()
	if marker != "" {
		k, raw = c.Seek([]byte(marker))
		if k != nil && string(k) == marker {
			k, raw = c.Next()
		}
	}
	for ; k != nil; k, raw = c.Next() {
		if len(out) == limit {
			return out, true, nil
		}
		var f Function
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, false, fmt.Errorf("decode function %q: %w", k, err)
		}
		out = append(out, f)
	}
	return out, false, nil
}

// ForEachVersion calls fn for every version of every function.
func (t *Tx) ForEachVersion(fn func(Version) error) error {
	return t.tx.Bucket(bucketVersions).ForEach(func(k, raw []byte) error {
		var v Version
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("decode version %q: %w", k, err)
		}
		return fn(v)
	})
}

// CodeStats returns the number of functions and the total size of their
// distinct stored deployment packages.
func (t *Tx) CodeStats() (functions int, totalCodeSize int64, err error) {
	functions = t.tx.Bucket(bucketFunctions).Stats().KeyN
	seen := map[string]bool{}
	err = t.ForEachVersion(func(v Version) error {
		if !seen[v.Code.BlobKey] {
			seen[v.Code.BlobKey] = true
			totalCodeSize += v.Code.Size
		}
		return nil
	})
	return functions, totalCodeSize, err
}

func (t *Tx) ref(key string) error {
	if key == "" {
		return nil
	}
	b := t.tx.Bucket(bucketBlobRefs)
	n := refCount(b.Get([]byte(key))) + 1
	return putCount(b, key, n)
}

func (t *Tx) unref(key string) error {
	if key == "" {
		return nil
	}
	b := t.tx.Bucket(bucketBlobRefs)
	n := refCount(b.Get([]byte(key)))
	if n <= 1 {
		t.released = append(t.released, key)
		if err := b.Delete([]byte(key)); err != nil {
			return fmt.Errorf("drop blob reference: %w", err)
		}
		return nil
	}
	return putCount(b, key, n-1)
}

func refCount(raw []byte) uint64 {
	if len(raw) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(raw)
}

func putCount(b *bolt.Bucket, key string, n uint64) error {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], n)
	if err := b.Put([]byte(key), buf[:]); err != nil {
		return fmt.Errorf("store blob reference: %w", err)
	}
	return nil
}

func get(b *bolt.Bucket, key []byte, v any) error {
	raw := b.Get(key)
	if raw == nil {
		return ErrNotFound
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("decode %q: %w", key, err)
	}
	return nil
}

func put(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %q: %w", key, err)
	}
	if err := b.Put(key, raw); err != nil {
		return fmt.Errorf("store %q: %w", key, err)
	}
	return nil
}
