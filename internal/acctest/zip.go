package acctest

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/internal/lambdaapi"
)

// PythonHandler returns a minimal Python handler whose response embeds
// marker, so different markers give packages with different hashes.
func PythonHandler(marker string) string {
	return "def handler(event, context):\n    return {\"statusCode\": 200, \"body\": \"" + marker + "\"}\n"
}

// ZipBytes builds a deployment package holding lambda_function.py. Entries
// carry a fixed timestamp so the same source always hashes the same.
func ZipBytes(t *testing.T, source string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.CreateHeader(&zip.FileHeader{
		Name:     "lambda_function.py",
		Method:   zip.Deflate,
		Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err == nil {
		_, err = f.Write([]byte(source))
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatalf("building test zip: %v", err)
	}
	return buf.Bytes()
}

// WriteZip writes a package with source to a new file under t.TempDir().
func WriteZip(t *testing.T, source string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "function.zip")
	RewriteZip(t, path, source)
	return path
}

// RewriteZip replaces the package at path, as a build step would.
func RewriteZip(t *testing.T, path, source string) {
	t.Helper()
	if err := os.WriteFile(path, ZipBytes(t, source), 0o600); err != nil {
		t.Fatalf("writing test zip: %v", err)
	}
}

// Sha256 returns the code_sha256 Lambda reports for the package at path.
func Sha256(t *testing.T, path string) string {
	t.Helper()
	sum, err := lambdaapi.CodeSha256(path)
	if err != nil {
		t.Fatalf("hashing %s: %v", path, err)
	}
	return sum
}
