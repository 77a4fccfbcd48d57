#!/usr/bin/env bash
# Usage: examples/sqs-worker/build.sh   (also run by scripts/module-test.sh)
#
# Zips src/ into build/app.zip (the worker) and tests/sqs/src/ into
# tests/sqs/build/fixture.zip (the function the tests use to create queues
# and send messages), deterministically (sorted entries, fixed timestamps
# and modes), so an unchanged source never changes code_sha256.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

zip_dir() {
	mkdir -p "$(dirname "$2")"
	python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
tmp = "%s.%d.tmp" % (dst, os.getpid())
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(root, name)
            info = zipfile.ZipInfo(os.path.relpath(path, src), date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
os.replace(tmp, dst)  # atomic, so concurrent runs never see half a zip
PY
	echo "$2"
}

zip_dir src build/app.zip
zip_dir tests/sqs/src tests/sqs/build/fixture.zip
