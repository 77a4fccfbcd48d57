package codezip

import (
	"archive/zip"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// maxLinkHops bounds symlink resolution, like the kernel's ELOOP limit.
const maxLinkHops = 40

// classify validates each entry's name and type. Names are interpreted the
// way a Linux extractor would: '/' separates, everything else is literal.
func classify(files []*zip.File) ([]entry, error) {
	entries := make([]entry, 0, len(files))
	for _, f := range files {
		name, err := cleanName(f.Name)
		if err != nil {
			return nil, err
		}
		k, err := kindOf(f)
		if err != nil {
			return nil, err
		}
		if name == "." {
			if k == kindDir {
				continue // an explicit entry for the root itself
			}
			return nil, invalid(fmt.Sprintf("Zip entry %q has an invalid name", f.Name))
		}
		entries = append(entries, entry{f: f, name: name, kind: k})
	}
	return entries, nil
}

func cleanName(raw string) (string, error) {
	switch {
	case raw == "":
		return "", invalid("Zip archive contains an entry with an empty name")
	case strings.ContainsAny(raw, "\\\x00"):
		// A backslash is a separator to Windows tools but a literal to Linux,
		// so the same name means two different paths.
		return "", invalid(fmt.Sprintf("Zip entry %q contains a backslash or NUL character", raw))
	case strings.HasPrefix(raw, "/") || hasDrive(raw):
		return "", invalid(fmt.Sprintf("Zip entry %q has an absolute path", raw))
	}
	name := path.Clean(raw)
	if escapes(name) {
		return "", invalid(fmt.Sprintf("Zip entry %q is outside the archive root", raw))
	}
	return name, nil
}

func hasDrive(name string) bool {
	return len(name) >= 2 && name[1] == ':' &&
		(name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z')
}

func escapes(clean string) bool { return clean == ".." || strings.HasPrefix(clean, "../") }

func kindOf(f *zip.File) (kind, error) {
	m := f.Mode()
	switch {
	case m.IsDir():
		return kindDir, nil
	case m&fs.ModeSymlink != 0:
		return kindSymlink, nil
	case m.IsRegular():
		return kindFile, nil
	}
	return 0, invalid(fmt.Sprintf("Zip entry %q is not a regular file, directory or symlink", f.Name))
}

// checkTree validates entries against each other: no duplicate files, no
// entry beneath a file or a symlink (writing through a link is how archives
// escape), and every symlink resolves inside the root.
func checkTree(entries []entry) error {
	kinds := make(map[string]kind, len(entries))
	links := make(map[string]string)
	for _, e := range entries {
		if prev, ok := kinds[e.name]; ok && (prev != kindDir || e.kind != kindDir) {
			return invalid(fmt.Sprintf("Zip archive contains duplicate entry %q", e.name))
		}
		kinds[e.name] = e.kind
		if e.kind == kindSymlink {
			links[e.name] = e.target
		}
	}
	for _, e := range entries {
		if err := checkParents(e.name, kinds); err != nil {
			return err
		}
		if e.kind == kindSymlink {
			if err := checkLink(e.name, e.target, links); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkParents(name string, kinds map[string]kind) error {
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		k, ok := kinds[dir]
		switch {
		case !ok:
			continue // implicit directory
		case k == kindFile:
			return invalid(fmt.Sprintf("Zip entry %q is beneath file %q", name, dir))
		case k == kindSymlink:
			return invalid(fmt.Sprintf("Zip entry %q is beneath symlink %q", name, dir))
		}
	}
	return nil
}

// checkLink resolves a symlink inside the archive's own tree, following the
// archive's other symlinks, and rejects it if it could leave the root.
func checkLink(name, target string, links map[string]string) error {
	outside := invalid(fmt.Sprintf("Zip entry %q is a symlink pointing outside the archive root", name))
	if target == "" || strings.ContainsRune(target, '\x00') {
		return invalid(fmt.Sprintf("Zip entry %q is a symlink with an invalid target", name))
	}
	if path.IsAbs(target) {
		return outside
	}
	var at []string // current location, as components below the root
	if dir := path.Dir(name); dir != "." {
		at = strings.Split(dir, "/")
	}
	pending := strings.Split(target, "/")
	for hops := 0; len(pending) > 0; {
		c := pending[0]
		pending = pending[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(at) == 0 {
				return outside
			}
			at = at[:len(at)-1]
			continue
		}
		at = append(at, c)
		next, ok := links[strings.Join(at, "/")]
		if !ok {
			continue
		}
		if hops++; hops > maxLinkHops {
			return invalid(fmt.Sprintf("Zip entry %q is a symlink with too many levels of indirection", name))
		}
		if path.IsAbs(next) {
			return outside
		}
		at = at[:len(at)-1] // a link's target is relative to its directory
		pending = append(strings.Split(next, "/"), pending...)
	}
	return nil
}
