package secrets

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestOpenCreatesKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	b, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	st, err := os.Stat(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != keySize || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file size %d mode %v, want %d 0600", st.Size(), st.Mode().Perm(), keySize)
	}
	sealed, err := b.Seal([]byte("v"))
	if err != nil {
		t.Fatal(err)
	}
	// A second Open reads the same key rather than making a new one.
	again, err := Open(dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if got, err := again.Open(sealed); err != nil || string(got) != "v" {
		t.Fatalf("reopened box Open = %q, %v", got, err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}

func TestOpenConcurrentCreatorsAgree(t *testing.T) {
	dir := t.TempDir()
	boxes := make([]*Box, 8)
	var wg sync.WaitGroup
	for i := range boxes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := Open(dir)
			if err != nil {
				t.Error(err)
			}
			boxes[i] = b
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	sealed, err := boxes[0].Seal([]byte("shared"))
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range boxes {
		if got, err := b.Open(sealed); err != nil || string(got) != "shared" {
			t.Fatalf("box %d: %q, %v", i, got, err)
		}
	}
}

func TestOpenRejectsBadKeyFile(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		perm os.FileMode
	}{
		{"short", make([]byte, 16), 0o600},
		{"long", make([]byte, 33), 0o600},
		{"empty", nil, 0o600},
		{"group readable", make([]byte, 32), 0o640},
		{"world readable", make([]byte, 32), 0o604},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, KeyFileName)
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.perm); err != nil {
				t.Fatal(err)
			}
			if _, err := Open(dir); err == nil {
				t.Fatal("Open accepted a bad key file")
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, tt.data) {
				t.Fatal("Open rewrote the existing key file")
			}
		})
	}
}

func TestSealOpen(t *testing.T) {
	b := testBox(t)
	for _, plain := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("env"), 2000)} {
		s1, err := b.Seal(plain)
		if err != nil {
			t.Fatal(err)
		}
		s2, _ := b.Seal(plain)
		if bytes.Equal(s1, s2) {
			t.Fatal("two seals of the same value are identical: nonce reused")
		}
		// Only a long plaintext can be searched for: one random byte of
		// ciphertext matches a one-byte plaintext about 1 time in 256.
		if s1[0] != version1 || len(plain) > 16 && bytes.Contains(s1, plain) {
			t.Fatalf("sealed value not in v1 ciphertext form: %x", s1[:8])
		}
		got, err := b.Open(s1)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("Open = %q, %v; want %q", got, err, plain)
		}
	}
}

func TestOpenRejectsTamper(t *testing.T) {
	b := testBox(t)
	sealed, err := b.Seal([]byte("DB_PASSWORD=hunter2"))
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) []byte {
		c := bytes.Clone(sealed)
		c[i] ^= 1
		return c
	}
	tests := []struct {
		name string
		box  *Box
		data []byte
	}{
		{"version byte", b, flip(0)},
		{"nonce", b, flip(1)},
		{"ciphertext", b, flip(len(sealed) / 2)},
		{"tag", b, flip(len(sealed) - 1)},
		{"truncated", b, sealed[:len(sealed)-1]},
		{"too short", b, sealed[:5]},
		{"empty", b, nil},
		{"other key", testBox(t), sealed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.box.Open(tt.data); !errors.Is(err, ErrDecrypt) {
				t.Fatalf("Open error = %v, want ErrDecrypt", err)
			}
		})
	}
}

func testBox(t *testing.T) *Box {
	t.Helper()
	b, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return b
}
