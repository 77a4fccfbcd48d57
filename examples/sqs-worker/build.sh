#!/usr/bin/env bash
# Zips src/ into build/app.zip deterministically (sorted entries, fixed
# timestamps and modes), so an unchanged src/ never changes code_sha256.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mkdir -p build
python3 - <<'PY'
import os, zipfile
with zipfile.ZipFile("build/app.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in sorted(os.walk("src")):
        for name in sorted(files):
            path = os.path.join(root, name)
            info = zipfile.ZipInfo(os.path.relpath(path, "src"), date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
echo "build/app.zip"
