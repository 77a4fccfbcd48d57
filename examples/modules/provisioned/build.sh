#!/usr/bin/env bash
# Usage: examples/modules/provisioned/build.sh   (run by scripts/module-test.sh)
#
# Builds the module's deployment package, build/function.zip: src/ zipped with
# handler.py at its root. The zip is deterministic (sorted entries, fixed
# timestamps and modes), so rebuilding unchanged sources never changes
# code_sha256.
set -euo pipefail

dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$dir/build"
python3 - "$dir/src" "$dir/build/function.zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
tmp = "%s.%d.tmp" % (dst, os.getpid())
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            info = zipfile.ZipInfo(os.path.relpath(path, src), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
os.replace(tmp, dst)  # atomic, so concurrent runs never see half a zip
PY
