package secrets

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// KeyFileName is the master key's file name inside the data directory.
const KeyFileName = "master.key"

// Open loads <dataDir>/master.key, creating it with 32 random bytes and mode
// 0600 if it does not exist. A key file of the wrong size, or readable or
// writable by group or others, is refused rather than silently used.
func Open(dataDir string) (*Box, error) {
	path := filepath.Join(dataDir, KeyFileName)
	key, err := readKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createKey(path)
	}
	if err != nil {
		return nil, err
	}
	return newBox(key)
}

func readKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("secrets: open key: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("secrets: stat key: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("secrets: key %s is not a regular file", path)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("secrets: key %s has mode %#o; it must not be accessible to group or others (chmod 600)", path, perm)
	}
	if st.Size() != keySize {
		return nil, fmt.Errorf("secrets: key %s is %d bytes, want %d", path, st.Size(), keySize)
	}
	key := make([]byte, keySize)
	if _, err := f.ReadAt(key, 0); err != nil {
		return nil, fmt.Errorf("secrets: read key: %w", err)
	}
	return key, nil
}

// createKey writes a new key to a temporary file and links it into place, so
// a crash never leaves a partial key and two processes racing to create it
// agree on one key (the loser reads the winner's).
func createKey(path string) ([]byte, error) {
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("secrets: generate key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("secrets: create data dir: %w", err)
	}
	tmp, err := writeTemp(filepath.Dir(path), key)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp)
	// Link, unlike rename, fails if the key appeared meanwhile.
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readKey(path)
		}
		return nil, fmt.Errorf("secrets: install key: %w", err)
	}
	return key, syncDir(filepath.Dir(path))
}

func writeTemp(dir string, key []byte) (string, error) {
	f, err := os.CreateTemp(dir, "."+KeyFileName+".tmp-")
	if err != nil {
		return "", fmt.Errorf("secrets: create key: %w", err)
	}
	name := f.Name()
	err = f.Chmod(0o600) // CreateTemp already uses 0600; be explicit
	if err == nil {
		_, err = f.Write(key)
	}
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		_ = os.Remove(name)
		return "", fmt.Errorf("secrets: write key: %w", err)
	}
	return name, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("secrets: sync data dir: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("secrets: sync data dir: %w", err)
	}
	return nil
}
