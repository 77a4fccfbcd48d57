package codezip

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// Extract validates data like Inspect and unpacks it into dir, which must
// not exist yet (or be an empty directory). Files keep their permission
// bits (the executable bit matters for a custom runtime's bootstrap);
// directories are 0755. The archive is unpacked into a temporary directory
// beside dir and renamed into place, so dir either appears complete or not
// at all. If dir already has content the returned error wraps fs.ErrExist,
// letting callers that race to unpack the same package treat it as done.
func Extract(data []byte, dir string, lim Limits) error {
	a, err := scan(data, lim)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return fmt.Errorf("codezip: create staging directory: %w", err)
	}
	renamed := false
	defer func() {
		if !renamed {
			_ = os.RemoveAll(tmp)
		}
	}()
	if err := unpack(tmp, a, lim); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("codezip: chmod staging directory: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if st, statErr := os.Stat(dir); statErr == nil && st.IsDir() {
			return fmt.Errorf("codezip: %s: %w", dir, fs.ErrExist)
		}
		return fmt.Errorf("codezip: move into place: %w", err)
	}
	renamed = true
	return nil
}

// unpack writes the validated entries through an os.Root, so even a bug in
// the validation cannot make a write land outside tmp.
func unpack(tmp string, a *archive, lim Limits) error {
	root, err := os.OpenRoot(tmp)
	if err != nil {
		return fmt.Errorf("codezip: open staging directory: %w", err)
	}
	defer root.Close()
	budget := lim.MaxUnzipped
	// Symlinks last: checkTree guarantees no entry lies beneath one, and
	// creating them after everything else keeps every write off a link.
	for _, pass := range []bool{false, true} {
		for _, e := range a.entries {
			if (e.kind == kindSymlink) != pass {
				continue
			}
			n, err := writeEntry(root, e, budget)
			if err != nil {
				return err
			}
			budget -= n
		}
	}
	return nil
}

func writeEntry(root *os.Root, e entry, budget int64) (int64, error) {
	if dir := path.Dir(e.name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return 0, fmt.Errorf("codezip: create %s: %w", dir, err)
		}
	}
	switch e.kind {
	case kindDir:
		if err := root.MkdirAll(e.name, 0o755); err != nil {
			return 0, fmt.Errorf("codezip: create %s: %w", e.name, err)
		}
		return 0, nil
	case kindSymlink:
		if err := root.Symlink(e.target, e.name); err != nil {
			return 0, fmt.Errorf("codezip: symlink %s: %w", e.name, err)
		}
		return 0, nil
	}
	return writeFile(root, e, budget)
}

func writeFile(root *os.Root, e entry, budget int64) (int64, error) {
	rc, err := e.f.Open()
	if err != nil {
		return 0, invalid(msgUnzip)
	}
	defer rc.Close()
	out, err := root.OpenFile(e.name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, fmt.Errorf("codezip: create %s: %w", e.name, err)
	}
	// scan already measured every entry; the cap is a second line of defence.
	n, err := io.Copy(out, io.LimitReader(rc, budget))
	if closeErr := out.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return 0, fmt.Errorf("codezip: write %s: %w", e.name, err)
	}
	if n == budget {
		return 0, errors.New("codezip: unzipped size budget exhausted during extraction")
	}
	if err := root.Chmod(e.name, e.f.Mode().Perm()); err != nil {
		return 0, fmt.Errorf("codezip: chmod %s: %w", e.name, err)
	}
	return n, nil
}
