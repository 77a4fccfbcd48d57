package runtimes

import (
	"bytes"
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

// bootstraps are the runtime files shipped inside the engine binary.
//
//go:embed python/*.py node/*.mjs
var bootstraps embed.FS

// materialise writes the embedded bootstraps under dir. Each file is written
// to a temporary name and renamed into place, so a concurrent engine or a
// running bootstrap never sees a half-written file; files already holding the
// right bytes are left alone.
func materialise(dir string) error {
	return fs.WalkDir(bootstraps, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := bootstraps.ReadFile(name)
		if err != nil {
			return err
		}
		return writeIfChanged(filepath.Join(dir, filepath.FromSlash(name)), data)
	})
}

func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
