package sandbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/lambdaform/terraform-provider-lambda/engine/codezip"
)

// CodeCache unpacks each code package once, under root/<key>, and makes
// the tree read-only: every environment of every function with that code
// shares it as its task root, as /var/task is read-only on AWS.
type CodeCache struct {
	root  string
	mu    sync.Mutex
	locks map[string]*sync.Mutex // per key: one unpack at a time
}

// NewCodeCache keeps unpacked code under root.
func NewCodeCache(root string) (*CodeCache, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("sandbox: code cache: %w", err)
	}
	return &CodeCache{root: root, locks: map[string]*sync.Mutex{}}, nil
}

func (c *CodeCache) lock(key string) *sync.Mutex {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.locks[key]
	if !ok {
		l = &sync.Mutex{}
		c.locks[key] = l
	}
	return l
}

// Ensure returns the directory holding the unpacked package, unpacking the
// zip at zipPath if this key has not been unpacked before.
func (c *CodeCache) Ensure(key, zipPath string) (string, error) {
	if !isHexKey(key) {
		return "", fmt.Errorf("sandbox: code key %q is not a hex sha256", key)
	}
	dir := filepath.Join(c.root, key)
	l := c.lock(key)
	l.Lock()
	defer l.Unlock()
	if _, err := os.Stat(dir); err == nil {
		return dir, nil // Extract is all-or-nothing: present means complete
	}
	data, err := os.ReadFile(zipPath)
	if err != nil {
		return "", fmt.Errorf("sandbox: read code package: %w", err)
	}
	if err := codezip.Extract(data, dir, codezip.DefaultLimits()); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("sandbox: unpack code: %w", err)
	}
	if err := readOnly(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// readOnly clears write bits: directories 0555, files keep their other
// bits (a bootstrap stays executable).
func readOnly(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		if d.IsDir() {
			return os.Chmod(p, 0o555)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.Chmod(p, info.Mode().Perm()&^0o222)
	})
	if err != nil {
		return fmt.Errorf("sandbox: make code read-only: %w", err)
	}
	return nil
}

// Remove deletes an unpacked package (when no environment uses it).
func (c *CodeCache) Remove(key string) error {
	if !isHexKey(key) {
		return fmt.Errorf("sandbox: code key %q is not a hex sha256", key)
	}
	l := c.lock(key)
	l.Lock()
	defer l.Unlock()
	return RemoveTree(filepath.Join(c.root, key))
}

// RemoveTree deletes a tree even where directories were made read-only.
func RemoveTree(dir string) error {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o755)
		}
		return nil
	})
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("sandbox: remove %s: %w", dir, err)
	}
	return nil
}

func isHexKey(k string) bool {
	if len(k) != 64 {
		return false
	}
	for _, c := range k {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// DirUsage sums the sizes of the files under dir. It is how ephemeral
// storage is measured after each invocation.
func DirUsage(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			// A file removed meanwhile has no size to count.
			if info, infoErr := d.Info(); infoErr == nil {
				total += info.Size()
			}
		}
		return nil
	})
	if err != nil {
		return total, fmt.Errorf("sandbox: measure %s: %w", dir, err)
	}
	return total, nil
}
