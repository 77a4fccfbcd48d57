package codezip

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"sort"
)

const (
	// maxLinkTarget caps a symlink's stored target (Linux PATH_MAX).
	maxLinkTarget = 4096
	// ratioFloor and maxRatio flag entries whose decompressed size is
	// implausible for their compressed size. DEFLATE tops out near 1032:1,
	// so 1000:1 only trips on degenerate content such as zip-bomb padding,
	// and the floor keeps small highly-compressible files (e.g. zero-filled
	// fixtures) from tripping it.
	ratioFloor = 10 << 20
	maxRatio   = 1000
)

type kind int

const (
	kindFile kind = iota
	kindDir
	kindSymlink
)

// entry is one archive member after its name has been validated.
type entry struct {
	f      *zip.File
	name   string // cleaned, slash-separated, relative, no trailing slash
	kind   kind
	target string // symlink target, read from the entry's content
}

// archive is a fully validated package.
type archive struct {
	info    Info
	entries []entry
}

// Inspect validates a deployment package and describes it. Every entry is
// decompressed (and its CRC checked) so sizes are measured, not declared.
// Rejections are *Error.
func Inspect(data []byte, lim Limits) (Info, error) {
	a, err := scan(data, lim)
	if err != nil {
		return Info{}, err
	}
	return a.info, nil
}

func scan(data []byte, lim Limits) (*archive, error) {
	zr, err := openZip(data, lim)
	if err != nil {
		return nil, err
	}
	if len(zr.File) > lim.MaxFiles {
		return nil, invalid(fmt.Sprintf("Zip archive must contain at most %d entries", lim.MaxFiles))
	}
	entries, err := classify(zr.File)
	if err != nil {
		return nil, err
	}
	if err := checkDeclared(zr.File, lim); err != nil {
		return nil, err
	}
	if err := checkOverlap(zr.File); err != nil {
		return nil, err
	}
	unzipped, err := readEntries(entries, lim)
	if err != nil {
		return nil, err
	}
	if err := checkTree(entries); err != nil {
		return nil, err
	}
	return &archive{info: describe(data, unzipped, entries), entries: entries}, nil
}

func openZip(data []byte, lim Limits) (*zip.Reader, error) {
	if len(data) == 0 {
		return nil, invalid(msgUnzip)
	}
	if int64(len(data)) > lim.MaxZipped {
		return nil, &Error{
			Message: fmt.Sprintf("Zipped size must be smaller than %d bytes", lim.MaxZipped),
			Code:    CodeRequestEntityTooLarge,
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	// ErrInsecurePath still yields a usable reader; classify applies our
	// own, stricter, name rules with specific messages.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, invalid(msgUnzip)
	}
	return zr, nil
}

func describe(data []byte, unzipped int64, entries []entry) Info {
	sum := sha256.Sum256(data)
	files := 0
	for _, e := range entries {
		if e.kind != kindDir {
			files++
		}
	}
	return Info{
		CodeSha256:   base64.StdEncoding.EncodeToString(sum[:]),
		Size:         int64(len(data)),
		UnzippedSize: unzipped,
		Files:        files,
	}
}

func tooBig(lim Limits) *Error {
	return invalid(fmt.Sprintf("Unzipped size must be smaller than %d bytes", lim.MaxUnzipped))
}

// checkDeclared rejects on header sizes alone, before any decompression;
// the measured sizes are checked again in readEntries.
func checkDeclared(files []*zip.File, lim Limits) error {
	var total uint64
	for _, f := range files {
		total += f.UncompressedSize64
		if f.UncompressedSize64 >= uint64(lim.MaxUnzipped) || total >= uint64(lim.MaxUnzipped) {
			return tooBig(lim)
		}
	}
	return nil
}

// checkOverlap rejects archives whose entries share compressed bytes, the
// trick behind non-recursive zip bombs (many central-directory records
// pointing into one highly compressed stream).
func checkOverlap(files []*zip.File) error {
	type span struct{ start, end int64 }
	spans := make([]span, 0, len(files))
	for _, f := range files {
		off, err := f.DataOffset()
		if err != nil {
			return invalid(msgUnzip)
		}
		spans = append(spans, span{off, off + int64(f.CompressedSize64)})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return invalid("Zip archive contains overlapping entries")
		}
	}
	return nil
}

// readEntries decompresses every entry through a reader capped at the
// remaining unzipped budget, verifying CRCs, and returns the total size.
func readEntries(entries []entry, lim Limits) (int64, error) {
	var total int64
	for i := range entries {
		n, err := readEntry(&entries[i], lim.MaxUnzipped-total)
		if err != nil {
			return 0, err
		}
		total += n
		if total >= lim.MaxUnzipped {
			return 0, tooBig(lim)
		}
	}
	return total, nil
}

func readEntry(e *entry, budget int64) (int64, error) {
	rc, err := e.f.Open()
	if err != nil {
		return 0, invalid(msgUnzip)
	}
	defer rc.Close()
	sink := io.Discard
	var link bytes.Buffer
	if e.kind == kindSymlink {
		sink = &link
		budget = min(budget, maxLinkTarget+1)
	}
	n, err := io.CopyN(sink, rc, budget)
	switch {
	case err == nil && e.kind == kindSymlink && n > maxLinkTarget:
		return 0, invalid(fmt.Sprintf("Zip entry %q has a symlink target longer than %d bytes", e.name, maxLinkTarget))
	case err == nil:
		return n, nil // budget exhausted: the caller reports the size quota
	case !errors.Is(err, io.EOF):
		return 0, invalid(msgUnzip) // bad deflate stream, CRC or size mismatch
	}
	if n > ratioFloor && n/max(int64(e.f.CompressedSize64), 1) > maxRatio {
		return 0, invalid(fmt.Sprintf("Zip entry %q has a compression ratio above %d:1", e.name, maxRatio))
	}
	e.target = link.String()
	return n, nil
}
