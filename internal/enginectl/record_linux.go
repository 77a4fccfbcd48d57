package enginectl

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// writeInfo records info in InfoFile and PIDFile, each replaced atomically.
func writeInfo(dataDir string, info Info) error {
	b, err := json.Marshal(info)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dataDir, InfoFile), append(b, '\n')); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dataDir, PIDFile), fmt.Appendf(nil, "%d\n", info.PID))
}

func removeInfo(dataDir string) error {
	var errs []error
	for _, name := range []string{InfoFile, PIDFile} {
		if err := os.Remove(filepath.Join(dataDir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
