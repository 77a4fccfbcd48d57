#!/usr/bin/env bash
# Usage: examples/modules/go-function/build.sh   (run by scripts/module-test.sh)
#
# Builds the module's deployment package, build/function.zip: the Go program
# in src/ compiled for Linux into build/bootstrap (the executable the
# provided.al2023 runtime starts) and zipped as `bootstrap` with mode 0755.
# src/ is a package of the repository's root Go module, so its dependency on
# github.com/aws/aws-lambda-go resolves from the root go.mod.
#
# GOARCH defaults to amd64, matching the module's default architecture
# (x86_64); build with GOARCH=arm64 for architecture = "arm64". The build is
# reproducible (-trimpath, no VCS stamp) and the zip deterministic, so an
# unchanged source keeps its code_sha256.
set -euo pipefail

dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$dir/build"
(
	cd "$dir"
	GOOS=linux GOARCH=${GOARCH:-amd64} CGO_ENABLED=0 \
		go build -trimpath -buildvcs=false -ldflags='-s -w' -o build/bootstrap ./src
)
python3 - "$dir/build/bootstrap" "$dir/build/function.zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
tmp = "%s.%d.tmp" % (dst, os.getpid())
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
    info = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = 0o755 << 16  # the runtime executes it
    info.compress_type = zipfile.ZIP_DEFLATED
    with open(src, "rb") as f:
        z.writestr(info, f.read())
os.replace(tmp, dst)  # atomic, so concurrent runs never see half a zip
PY
