package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// blobDir keeps deployment packages as content-addressed files named by the
// hex sha256 of their bytes. A blob file either does not exist or is complete:
// it is written to a temporary file, fsynced and renamed into place.
type blobDir struct {
	root string
}

const tmpSuffix = ".tmp"

func openBlobDir(root string) (blobDir, error) {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return blobDir{}, fmt.Errorf("create blob directory: %w", err)
	}
	return blobDir{root: root}, nil
}

// BlobKey returns the key under which data is stored.
func BlobKey(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func (b blobDir) path(key string) string { return filepath.Join(b.root, key) }

// put stores data and returns its key and whether the file was newly written.
func (b blobDir) put(data []byte) (string, bool, error) {
	key := BlobKey(data)
	if _, err := os.Stat(b.path(key)); err == nil {
		return key, false, nil
	}
	f, err := os.CreateTemp(b.root, key+"-*"+tmpSuffix)
	if err != nil {
		return "", false, fmt.Errorf("create temporary blob: %w", err)
	}
	tmp := f.Name()
	if err := writeAndSync(f, data); err != nil {
		_ = os.Remove(tmp)
		return "", false, err
	}
	if err := os.Rename(tmp, b.path(key)); err != nil {
		_ = os.Remove(tmp)
		return "", false, fmt.Errorf("publish blob: %w", err)
	}
	// The rename is durable only once the directory entry is on disk.
	if err := syncDir(b.root); err != nil {
		return "", false, err
	}
	return key, true, nil
}

func writeAndSync(f *os.File, data []byte) error {
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return fmt.Errorf("write blob: %w", err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("sync blob: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close blob: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open directory for sync: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync directory: %w", err)
	}
	return nil
}

func (b blobDir) remove(key string) error {
	if err := os.Remove(b.path(key)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove blob %s: %w", key, err)
	}
	return nil
}

// list returns the keys of complete blobs and the names of leftover
// temporary files (from a crash in the middle of put).
func (b blobDir) list() (keys, temps []string, err error) {
	entries, err := os.ReadDir(b.root)
	if err != nil {
		return nil, nil, fmt.Errorf("list blobs: %w", err)
	}
	for _, e := range entries {
		switch {
		case strings.HasSuffix(e.Name(), tmpSuffix):
			temps = append(temps, e.Name())
		case !e.IsDir():
			keys = append(keys, e.Name())
		}
	}
	return keys, temps, nil
}
