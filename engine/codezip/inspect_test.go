package codezip

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func TestDefaultLimits(t *testing.T) {
	lim := DefaultLimits()
	if lim.MaxZipped != 52428800 || lim.MaxUnzipped != 262144000 || lim.MaxFiles <= 0 {
		t.Fatalf("DefaultLimits() = %+v", lim)
	}
}

func TestInspectAccepts(t *testing.T) {
	data := buildZip(t,
		dir("lib/"), exe("bootstrap", "#!/bin/sh\n"), file("lib/a.js", "abc"),
		symlink("lib/current", "a.js"), symlink("up", "lib/../lib/a.js"), dir("lib/"), dir("./"),
	)
	info, err := Inspect(data, DefaultLimits())
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	sum := sha256.Sum256(data)
	want := Info{
		CodeSha256:   base64.StdEncoding.EncodeToString(sum[:]),
		Size:         int64(len(data)),
		UnzippedSize: int64(len("#!/bin/sh\n") + len("abc") + len("a.js") + len("lib/../lib/a.js")),
		Files:        4,
	}
	if info != want {
		t.Fatalf("Inspect = %+v, want %+v", info, want)
	}
}

func TestInspectRejects(t *testing.T) {
	small := Limits{MaxZipped: 1 << 20, MaxUnzipped: 1000, MaxFiles: 3}
	big := Limits{MaxZipped: 1 << 30, MaxUnzipped: 1 << 30, MaxFiles: 10}
	tests := []struct {
		name string
		data func(t *testing.T) []byte
		lim  Limits
		code string
		msg  string
	}{
		{"empty", func(*testing.T) []byte { return nil }, small, CodeInvalidParameterValue, msgUnzip},
		{"not a zip", func(*testing.T) []byte { return []byte("print('hi')\n") }, small, CodeInvalidParameterValue, msgUnzip},
		{"truncated", func(t *testing.T) []byte { d := buildZip(t, file("a", "b")); return d[:len(d)-30] }, small, CodeInvalidParameterValue, msgUnzip},
		{"bad crc", corruptCRC, small, CodeInvalidParameterValue, msgUnzip},
		{"zipped too big", func(t *testing.T) []byte { return buildZip(t, file("a", "b")) },
			Limits{MaxZipped: 10, MaxUnzipped: 1000, MaxFiles: 3}, CodeRequestEntityTooLarge, "Zipped size must be smaller than 10 bytes"},
		{"declared too big", func(t *testing.T) []byte { return buildZip(t, file("a", strings.Repeat("x", 1000))) }, small,
			CodeInvalidParameterValue, "Unzipped size must be smaller than 1000 bytes"},
		{"sum too big", func(t *testing.T) []byte {
			return buildZip(t, file("a", strings.Repeat("x", 600)), file("b", strings.Repeat("x", 600)))
		}, small, CodeInvalidParameterValue, "Unzipped size must be smaller than 1000 bytes"},
		{"header understates size", func(t *testing.T) []byte { return lyingZip(t, "a", bytes.Repeat([]byte("x"), 5000), 10) }, small,
			CodeInvalidParameterValue, msgUnzip},
		{"too many entries", func(t *testing.T) []byte {
			return buildZip(t, file("a", ""), file("b", ""), file("c", ""), file("d", ""))
		}, small,
			CodeInvalidParameterValue, "Zip archive must contain at most 3 entries"},
		{"overlapping entries", overlappingZip, small, CodeInvalidParameterValue, "Zip archive contains overlapping entries"},
		{"compression ratio", func(t *testing.T) []byte { return buildZip(t, file("zeros", string(make([]byte, 11<<20)))) }, big,
			CodeInvalidParameterValue, `Zip entry "zeros" has a compression ratio above 1000:1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Inspect(tt.data(t), tt.lim)
			assertZipError(t, err, tt.code, tt.msg)
		})
	}
}

func TestInspectRejectsUnsafeTrees(t *testing.T) {
	tests := []struct {
		name    string
		members []member
		msg     string
	}{
		{"dot-dot", []member{file("../evil", "x")}, `Zip entry "../evil" is outside the archive root`},
		{"nested dot-dot", []member{file("a/../../evil", "x")}, `Zip entry "a/../../evil" is outside the archive root`},
		{"absolute", []member{file("/etc/passwd", "x")}, `Zip entry "/etc/passwd" has an absolute path`},
		{"drive letter", []member{file("C:/x", "x")}, `Zip entry "C:/x" has an absolute path`},
		{"backslash", []member{file(`a\..\..\x`, "x")}, `Zip entry "a\\..\\..\\x" contains a backslash or NUL character`},
		{"nul", []member{file("a\x00b", "x")}, `Zip entry "a\x00b" contains a backslash or NUL character`},
		{"explicit root entry", []member{dir("./"), file("a", "x")}, ""},
		{"absolute symlink", []member{symlink("etc", "/etc")}, `Zip entry "etc" is a symlink pointing outside the archive root`},
		{"escaping symlink", []member{symlink("d/up", "../../x")}, `Zip entry "d/up" is a symlink pointing outside the archive root`},
		{"escape through another symlink", []member{symlink("d/t", "."), symlink("d/L", "t/../../q")},
			`Zip entry "d/L" is a symlink pointing outside the archive root`},
		{"symlink loop", []member{symlink("a", "b"), symlink("b", "a")}, `Zip entry "a" is a symlink with too many levels of indirection`},
		{"long symlink", []member{symlink("a", strings.Repeat("x/", 2100))}, `Zip entry "a" has a symlink target longer than 4096 bytes`},
		{"empty symlink", []member{symlink("a", "")}, `Zip entry "a" is a symlink with an invalid target`},
		{"write through symlink", []member{symlink("lnk", "sub"), file("lnk/x", "x")}, `Zip entry "lnk/x" is beneath symlink "lnk"`},
		{"beneath a file", []member{file("a", "x"), file("a/b", "y")}, `Zip entry "a/b" is beneath file "a"`},
		{"duplicate", []member{file("a", "1"), file("a", "2")}, `Zip archive contains duplicate entry "a"`},
		{"duplicate after cleaning", []member{file("x/../a", "1"), file("a", "2")}, `Zip archive contains duplicate entry "a"`},
		{"file and dir", []member{dir("a/"), file("a", "2")}, `Zip archive contains duplicate entry "a"`},
		{"named pipe", []member{{name: "p", mode: fs.ModeNamedPipe | 0o644}}, `Zip entry "p" is not a regular file, directory or symlink`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Inspect(buildZip(t, tt.members...), DefaultLimits())
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("Inspect: %v", err)
				}
				return
			}
			assertZipError(t, err, CodeInvalidParameterValue, tt.msg)
		})
	}
}

func assertZipError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ze *Error
	if !errors.As(err, &ze) {
		t.Fatalf("error = %v (%T), want *Error", err, err)
	}
	if ze.ErrorCode() != code || ze.Message != msg {
		t.Fatalf("error = %s / %q, want %s / %q", ze.ErrorCode(), ze.Message, code, msg)
	}
}

func TestErrorStatus(t *testing.T) {
	tests := []struct {
		err  Error
		code string
		want int
	}{
		{Error{Message: "m"}, CodeInvalidParameterValue, 400},
		{Error{Message: "m", Code: CodeRequestEntityTooLarge}, CodeRequestEntityTooLarge, 413},
	}
	for _, tt := range tests {
		if got := tt.err.HTTPStatus(); got != tt.want || tt.err.ErrorCode() != tt.code {
			t.Errorf("%+v: status %d code %s, want %d %s", tt.err, got, tt.err.ErrorCode(), tt.want, tt.code)
		}
		if tt.err.Error() != tt.code+": m" {
			t.Errorf("Error() = %q", tt.err.Error())
		}
	}
}
