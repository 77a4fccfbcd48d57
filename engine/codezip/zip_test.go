package codezip

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io/fs"
	"testing"
)

// member describes one entry of a test archive.
type member struct {
	name string
	body string
	mode fs.FileMode // 0 means 0644 regular file
}

func file(name, body string) member { return member{name: name, body: body} }
func exe(name, body string) member  { return member{name: name, body: body, mode: 0o755} }
func dir(name string) member        { return member{name: name, mode: fs.ModeDir | 0o755} }
func symlink(name, target string) member {
	return member{name: name, body: target, mode: fs.ModeSymlink | 0o777}
}

// buildZip writes members with archive/zip, as a packaging tool would.
func buildZip(t *testing.T, members ...member) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		fh := &zip.FileHeader{Name: m.name, Method: zip.Deflate}
		mode := m.mode
		if mode == 0 {
			mode = 0o644
		}
		fh.SetMode(mode)
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatalf("create %q: %v", m.name, err)
		}
		if _, err := w.Write([]byte(m.body)); err != nil {
			t.Fatalf("write %q: %v", m.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("close zip: %v", err)
	}
	return buf.Bytes()
}

// lyingZip stores body uncompressed but declares declared bytes in the
// headers, as a hand-crafted bomb would.
func lyingZip(t *testing.T, name string, body []byte, declared uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	fh := &zip.FileHeader{
		Name: name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(body),
		CompressedSize64: uint64(len(body)), UncompressedSize64: declared,
	}
	w, err := zw.CreateRaw(fh)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(body); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// overlappingZip duplicates the central directory so two records point at
// the same compressed data (the non-recursive zip-bomb construction).
func overlappingZip(t *testing.T) []byte {
	t.Helper()
	data := buildZip(t, file("a.txt", "hello"))
	eocd := data[len(data)-22:]
	cdSize := binary.LittleEndian.Uint32(eocd[12:])
	cdOff := binary.LittleEndian.Uint32(eocd[16:])
	cd := data[cdOff : cdOff+cdSize]
	out := append([]byte{}, data[:cdOff]...)
	out = append(out, cd...)
	out = append(out, cd...)
	end := append([]byte{}, eocd...)
	n := binary.LittleEndian.Uint16(eocd[10:])
	binary.LittleEndian.PutUint16(end[8:], 2*n)
	binary.LittleEndian.PutUint16(end[10:], 2*n)
	binary.LittleEndian.PutUint32(end[12:], 2*cdSize)
	return append(out, end...)
}

// corruptCRC flips a byte of a stored entry's data so only the CRC check
// can notice.
func corruptCRC(t *testing.T) []byte {
	t.Helper()
	data := lyingZip(t, "a.txt", []byte("hello world"), 11)
	i := bytes.Index(data, []byte("hello world"))
	if i < 0 {
		t.Fatal("stored data not found")
	}
	data[i] ^= 0xff
	return data
}
