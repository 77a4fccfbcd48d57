package store

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

func openTest(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func createFn(t *testing.T, s *Store, name string, zip []byte) {
	t.Helper()
	err := s.UpdateWithBlob(zip, func(tx *Tx, key string) error {
		if err := tx.PutFunction(Function{Name: name}); err != nil {
			return err
		}
		return tx.PutVersion(Version{FunctionName: name, Version: LatestVersion, Code: CodeRef{BlobKey: key}})
	})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
}

func blobExists(s *Store, zip []byte) bool {
	_, err := os.Stat(s.blobs.path(BlobKey(zip)))
	return err == nil
}

func TestBlobRefCounting(t *testing.T) {
	s := openTest(t, t.TempDir())
	defer s.Close()
	shared, other := []byte("shared zip"), []byte("other zip")
	createFn(t, s, "a", shared)
	createFn(t, s, "b", shared)

	// Replacing a's code keeps the shared blob (b still uses it).
	err := s.UpdateWithBlob(other, func(tx *Tx, key string) error {
		v, err := tx.Version("a", LatestVersion)
		if err != nil {
			return err
		}
		v.Code.BlobKey = key
		return tx.PutVersion(v)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !blobExists(s, shared) || !blobExists(s, other) {
		t.Fatal("blobs missing after update")
	}
	if err := s.Update(func(tx *Tx) error { return tx.DeleteFunction("b") }); err != nil {
		t.Fatal(err)
	}
	if blobExists(s, shared) {
		t.Fatal("unreferenced blob not removed after delete")
	}
	if err := s.Update(func(tx *Tx) error { return tx.DeleteFunction("a") }); err != nil {
		t.Fatal(err)
	}
	if blobExists(s, other) {
		t.Fatal("blob of deleted function not removed")
	}
}

func TestFailedTransactionDropsNewBlob(t *testing.T) {
	s := openTest(t, t.TempDir())
	defer s.Close()
	boom := errors.New("boom")
	err := s.UpdateWithBlob([]byte("zip"), func(*Tx, string) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if blobExists(s, []byte("zip")) {
		t.Fatal("blob of failed transaction kept")
	}
}

func TestReopenKeepsDataAndSweepsOrphans(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	createFn(t, s, "keep", []byte("kept"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "blobs", "sha256")
	orphan := filepath.Join(root, BlobKey([]byte("orphan")))
	temp := filepath.Join(root, "x-1"+tmpSuffix)
	for _, p := range []string{orphan, temp} {
		if err := os.WriteFile(p, []byte("orphan"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s = openTest(t, dir)
	defer s.Close()
	for _, p := range []string{orphan, temp} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s not swept: %v", p, err)
		}
	}
	var v Version
	if err := s.View(func(tx *Tx) (err error) { v, err = tx.Version("keep", LatestVersion); return }); err != nil {
		t.Fatal(err)
	}
	r, err := s.OpenBlob(v.Code.BlobKey)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, _ := io.ReadAll(r)
	if string(got) != "kept" {
		t.Fatalf("blob = %q", got)
	}
}

func TestVersionsOrderAndPagination(t *testing.T) {
	s := openTest(t, t.TempDir())
	defer s.Close()
	for _, name := range []string{"c", "a", "b"} {
		createFn(t, s, name, []byte("z"))
	}
	err := s.Update(func(tx *Tx) error {
		for _, ver := range []string{"10", "2", "1"} {
			if err := tx.PutVersion(Version{FunctionName: "a", Version: ver, Code: CodeRef{BlobKey: BlobKey([]byte("z"))}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		marker string
		limit  int
		want   []string
		more   bool
	}{
		{"", 2, []string{"a", "b"}, true},
		{"b", 2, []string{"c"}, false},
		{"", 10, []string{"a", "b", "c"}, false},
		{"bb", 10, []string{"c"}, false},
	}
	err = s.View(func(tx *Tx) error {
		for _, tc := range tests {
			fns, more, err := tx.Functions(tc.marker, tc.limit)
			if err != nil {
				return err
			}
			var names []string
			for _, f := range fns {
				names = append(names, f.Name)
			}
			if len(names) != len(tc.want) || more != tc.more {
				t.Errorf("Functions(%q,%d) = %v,%v want %v,%v", tc.marker, tc.limit, names, more, tc.want, tc.more)
				continue
			}
			for i := range names {
				if names[i] != tc.want[i] {
					t.Errorf("Functions(%q,%d) = %v want %v", tc.marker, tc.limit, names, tc.want)
				}
			}
		}
		vs, err := tx.Versions("a")
		if err != nil {
			return err
		}
		var got []string
		for _, v := range vs {
			got = append(got, v.Version)
		}
		if want := "[$LATEST 1 2 10]"; fmtSlice(got) != want {
			t.Errorf("Versions = %v want %v", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func fmtSlice(s []string) string {
	out := "["
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out + "]"
}
