package lambdatest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path"
	"slices"
	"time"
)

// Zip builds a deployment package from files (path in the zip → content),
// such as {"index.py": src}. Entries are sorted and carry a fixed time, so
// the same files always give the same bytes and code_sha256. Files are
// mode 0644, except one named bootstrap (a provided.al2023 entry point),
// which is executable.
func Zip(files map[string]string) ([]byte, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range names {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
		h.SetMode(0o644)
		if path.Base(name) == "bootstrap" {
			h.SetMode(0o755)
		}
		f, err := w.CreateHeader(h)
		if err == nil {
			_, err = f.Write([]byte(files[name]))
		}
		if err != nil {
			return nil, fmt.Errorf("lambdatest: zipping %s: %w", name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("lambdatest: zipping: %w", err)
	}
	return buf.Bytes(), nil
}
