// Package store is the local engine's durable state: function and version
// records in a bbolt database (fsynced on every commit) and deployment
// packages as content-addressed blob files under <data-dir>/blobs/sha256.
//
// Blob files are reference-counted inside the same bbolt transaction that
// changes the records pointing at them, so the count is always exact; files
// whose count drops to zero are removed after the commit, and files left over
// by a crash (written but never committed, or released but not yet removed)
// are swept when the store is opened.
package store

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrNotFound is returned when a function, version, alias or policy does not
// exist.
var ErrNotFound = errors.New("not found")

var (
	bucketFunctions = []byte("functions")
	bucketVersions  = []byte("versions")
	bucketBlobRefs  = []byte("blobrefs")
	bucketAliases   = []byte("aliases")
	bucketPolicies  = []byte("policies")
)

// Store is the engine's durable state. It is safe for concurrent use.
type Store struct {
	db    *bolt.DB
	blobs blobDir
	log   *slog.Logger
	// mu serialises writers so that a blob written for a transaction cannot be
	// garbage-collected by a concurrent transaction before it is referenced.
	mu sync.Mutex
	// gen counts write transactions; readers that cache decoded records
	// (the Invoke path) keep them only while it is unchanged.
	gen atomic.Uint64
}

// Open opens (creating if needed) the store in dataDir.
func Open(dataDir string, log *slog.Logger) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	blobs, err := openBlobDir(filepath.Join(dataDir, "blobs", "sha256"))
	if err != nil {
		return nil, err
	}
	db, err := bolt.Open(filepath.Join(dataDir, "lambdaform.db"), 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	s := &Store{db: db, blobs: blobs, log: log}
	if err := s.init(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) init() error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketFunctions, bucketVersions, bucketBlobRefs, bucketAliases, bucketPolicies, bucketReserved, bucketProvisioned} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("create bucket %s: %w", b, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.sweep()
}

// sweep removes blob files no committed record refers to.
func (s *Store) sweep() error {
	keys, temps, err := s.blobs.list()
	if err != nil {
		return err
	}
	for _, name := range temps {
		if err := os.Remove(filepath.Join(s.blobs.root, name)); err != nil {
			return fmt.Errorf("remove leftover temporary blob: %w", err)
		}
	}
	return s.db.View(func(tx *bolt.Tx) error {
		refs := tx.Bucket(bucketBlobRefs)
		for _, k := range keys {
			if refs.Get([]byte(k)) != nil {
				continue
			}
			s.log.Info("removing unreferenced blob", "key", k)
			if err := s.blobs.remove(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// Generation changes after every write transaction. A value read after
// calling it is current for as long as it returns the same number.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// View runs fn in a read-only transaction.
func (s *Store) View(fn func(*Tx) error) error {
	return s.db.View(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx}) })
}

// Update runs fn in a read-write transaction, committed durably when fn
// returns nil.
func (s *Store) Update(fn func(*Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.update(fn)
}

// UpdateWithBlob stores blob first and then runs fn with its key, so fn can
// reference the blob from the records it writes. If fn fails the blob is
// removed again unless something else already referred to it.
func (s *Store) UpdateWithBlob(blob []byte, fn func(tx *Tx, key string) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, created, err := s.blobs.put(blob)
	if err != nil {
		return err
	}
	err = s.update(func(tx *Tx) error { return fn(tx, key) })
	if err != nil && created {
		if rmErr := s.removeIfUnreferenced(key); rmErr != nil {
			s.log.Warn("could not remove blob of failed transaction", "key", key, "error", rmErr)
		}
	}
	return err
}

func (s *Store) update(fn func(*Tx) error) error {
	t := &Tx{}
	err := s.db.Update(func(btx *bolt.Tx) error {
		t.tx = btx
		return fn(t)
	})
	// After the commit, so a reader that saw the old generation and then
	// read committed data keeps it only until this increment is visible.
	s.gen.Add(1)
	if err != nil {
		return err
	}
	for _, key := range t.released {
		// A key released and referenced again in the same transaction stays.
		if err := s.removeIfUnreferenced(key); err != nil {
			// The record change is committed; the next Open sweeps the file.
			s.log.Warn("could not remove released blob", "key", key, "error", err)
		}
	}
	return nil
}

func (s *Store) removeIfUnreferenced(key string) error {
	var referenced bool
	if err := s.db.View(func(tx *bolt.Tx) error {
		referenced = tx.Bucket(bucketBlobRefs).Get([]byte(key)) != nil
		return nil
	}); err != nil {
		return fmt.Errorf("check blob references: %w", err)
	}
	if referenced {
		return nil
	}
	return s.blobs.remove(key)
}

// BlobPath is the file holding the blob with key. The file stays in place
// while a version refers to it; readers must expect it to vanish once none
// does.
func (s *Store) BlobPath(key string) (string, error) {
	if !isHexKey(key) {
		return "", ErrNotFound
	}
	return s.blobs.path(key), nil
}

// OpenBlob opens the blob with key for reading.
func (s *Store) OpenBlob(key string) (io.ReadSeekCloser, error) {
	if !isHexKey(key) {
		return nil, ErrNotFound
	}
	f, err := os.Open(s.blobs.path(key))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("open blob: %w", err)
	}
	return f, nil
}

func isHexKey(key string) bool {
	if len(key) != 64 {
		return false
	}
	for _, c := range key {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
