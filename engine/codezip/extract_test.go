package codezip

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestExtract(t *testing.T) {
	data := buildZip(t,
		exe("bootstrap", "#!/bin/sh\necho hi\n"), dir("lib/"), file("lib/a.js", "abc"),
		member{name: "lib/secret", body: "s", mode: 0o600}, symlink("lib/current", "a.js"), file("deep/er/x", "x"),
	)
	dest := filepath.Join(t.TempDir(), "code")
	if err := Extract(data, dest, DefaultLimits()); err != nil {
		t.Fatalf("Extract: %v", err)
	}
	files := []struct {
		path string
		body string
		perm fs.FileMode
	}{
		{"bootstrap", "#!/bin/sh\necho hi\n", 0o755},
		{"lib/a.js", "abc", 0o644},
		{"lib/secret", "s", 0o600},
		{"deep/er/x", "x", 0o644},
		{"lib/current", "abc", 0o644}, // read through the symlink
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dest, f.path))
		if err != nil || string(got) != f.body {
			t.Errorf("%s = %q, %v; want %q", f.path, got, err, f.body)
		}
		st, err := os.Stat(filepath.Join(dest, f.path))
		if err != nil || st.Mode().Perm() != f.perm {
			t.Errorf("%s mode = %v, %v; want %v", f.path, st.Mode(), err, f.perm)
		}
	}
	if target, err := os.Readlink(filepath.Join(dest, "lib/current")); err != nil || target != "a.js" {
		t.Errorf("lib/current -> %q, %v", target, err)
	}
	if st, err := os.Stat(dest); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("dest mode = %v, %v", st.Mode(), err)
	}
	assertOnly(t, filepath.Dir(dest), "code")
}

func TestExtractRejectsWithoutLeavingAnything(t *testing.T) {
	tests := []struct {
		name string
		data func(t *testing.T) []byte
	}{
		{"escaping entry", func(t *testing.T) []byte { return buildZip(t, file("ok", "1"), file("../evil", "x")) }},
		{"escaping symlink", func(t *testing.T) []byte { return buildZip(t, file("ok", "1"), symlink("l", "../../etc")) }},
		{"corrupt", corruptCRC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			err := Extract(tt.data(t), filepath.Join(parent, "code"), DefaultLimits())
			var ze *Error
			if !errors.As(err, &ze) {
				t.Fatalf("Extract error = %v, want *Error", err)
			}
			assertOnly(t, parent)
		})
	}
}

func TestExtractIntoExistingDir(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "code")
	if err := os.MkdirAll(filepath.Join(dest, "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := Extract(buildZip(t, file("a", "1")), dest, DefaultLimits())
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Extract error = %v, want fs.ErrExist", err)
	}
	assertOnly(t, parent, "code")
	assertOnly(t, dest, "old")
}

// assertOnly checks dir holds exactly names (no staging leftovers).
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("%s holds %v, want %v", dir, got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Fatalf("%s holds %v, want %v", dir, got, names)
		}
	}
}
