package bench

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// runtimeSpec is a trivial function for one runtime: a handler that
// returns its event.
type runtimeSpec struct {
	Label   string // name in the table
	Runtime string
	Handler string
	Zip     []byte
}

// zipFile is one entry of a deployment package.
type zipFile struct {
	name string
	data []byte
	mode fs.FileMode
}

// makeZip builds a deployment package in memory.
func makeZip(files ...zipFile) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
		h.SetMode(f.mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// runtimeSpecs returns the goecho bootstrap and the trivial Python and Node
// handlers, in table order.
func runtimeSpecs(goechoBootstrap string) ([]runtimeSpec, error) {
	bin, err := os.ReadFile(goechoBootstrap)
	if err != nil {
		return nil, fmt.Errorf("goecho bootstrap: %w", err)
	}
	goZip, err := makeZip(zipFile{"bootstrap", bin, 0o755})
	if err != nil {
		return nil, err
	}
	pyZip, err := makeZip(zipFile{"lambda_function.py", []byte("def handler(event, context):\n    return event\n"), 0o644})
	if err != nil {
		return nil, err
	}
	nodeZip, err := makeZip(zipFile{"index.js", []byte("exports.handler = async (event) => event;\n"), 0o644})
	if err != nil {
		return nil, err
	}
	return []runtimeSpec{
		{Label: "goecho", Runtime: "provided.al2023", Handler: "bootstrap", Zip: goZip},
		{Label: "python3.12", Runtime: "python3.12", Handler: "lambda_function.handler", Zip: pyZip},
		{Label: "nodejs20.x", Runtime: "nodejs20.x", Handler: "index.handler", Zip: nodeZip},
	}, nil
}

// megabyteZip returns a package of about 1 MB: incompressible random bytes
// (stored, so the zip is as large as its content) plus a handler whose
// marker makes every package, and so every stored blob, distinct.
func megabyteZip(marker int) ([]byte, error) {
	junk := make([]byte, 1<<20)
	if _, err := rand.Read(junk); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "data.bin", Method: zip.Store})
	if err == nil {
		_, err = w.Write(junk)
	}
	if err == nil {
		w, err = zw.Create("lambda_function.py")
	}
	if err == nil {
		_, err = fmt.Fprintf(w, "# %d\ndef handler(event, context):\n    return event\n", marker)
	}
	if err == nil {
		err = zw.Close()
	}
	return buf.Bytes(), err
}
