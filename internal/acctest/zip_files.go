package acctest

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// ZipFilesBytes builds a deployment package holding files (name → content),
// for handlers other than lambda_function.py, such as index.js for Node.js.
// Entries are sorted and carry a fixed timestamp, so the same files always
// give the same hash.
func ZipFilesBytes(t *testing.T, files map[string]string) []byte {
	t.Helper()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range names {
		f, err := w.CreateHeader(&zip.FileHeader{
			Name:     name,
			Method:   zip.Deflate,
			Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		})
		if err == nil {
			_, err = f.Write([]byte(files[name]))
		}
		if err != nil {
			t.Fatalf("building test zip: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("building test zip: %v", err)
	}
	return buf.Bytes()
}

// WriteZipFiles writes a package holding files to a new file under t.TempDir().
func WriteZipFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "function.zip")
	if err := os.WriteFile(path, ZipFilesBytes(t, files), 0o600); err != nil {
		t.Fatalf("writing test zip: %v", err)
	}
	return path
}
