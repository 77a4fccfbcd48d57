#!/usr/bin/env bash
# Usage: scripts/module-test.sh   (run by `make test`, which builds bin/ first)
#
# Runs the `tofu test` suite of examples/modules/greeter offline against a
# local engine:
# 1. builds the module's deployment package, build/greeter.zip, from src/;
# 2. starts `lambdaform serve` on a free loopback port with a temporary data
#    directory (stopped on exit);
# 3. writes a dev_overrides CLI configuration (lambdaform/lambda -> bin/), so
#    `tofu test` needs neither `tofu init` nor a registry;
# 4. runs `bin/tofu test` in the module with LAMBDAFORM_ENDPOINT pointing at
#    the engine, prints its output and a closing line
#    `module-test: N passed, M failed` counted from its run blocks.
# Exits non-zero when the engine does not start or any run block fails.
#
# The package is built here rather than committed: OpenTofu cannot zip files
# without the archive provider (not installable offline), and a committed zip
# would silently drift from src/. The zip is deterministic (sorted entries,
# fixed timestamps and modes), so rebuilding it never changes code_sha256.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/bin
module=$root/examples/modules/greeter

for f in tofu lambdaform terraform-provider-lambda; do
	if [[ ! -x $bin/$f ]]; then
		echo "module-test: $bin/$f is missing; run 'make build tools'" >&2
		exit 1
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "module-test: python3 is required (it builds the zip; the function runs on it)" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lambdaform-module-test.XXXXXX")
engine_pid=
cleanup() {
	if [[ -n $engine_pid ]] && kill -0 "$engine_pid" 2>/dev/null; then
		kill "$engine_pid" 2>/dev/null || true
		wait "$engine_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$module/build"
python3 - "$module/src" "$module/build/greeter.zip" <<'PY'
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

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
endpoint=http://127.0.0.1:$port
"$bin/lambdaform" serve --addr "127.0.0.1:$port" --data-dir "$tmp/data" --region us-east-1 \
	>"$tmp/engine.log" 2>&1 </dev/null &
engine_pid=$!

if ! python3 - "$endpoint/healthz" "$engine_pid" <<'PY'; then
import os, sys, time, urllib.request
url, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("engine exited before becoming healthy")
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            if r.status == 200:
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.1)
sys.exit("engine did not answer 200 on /healthz within 10s")
PY
	echo "module-test: engine log:" >&2
	cat "$tmp/engine.log" >&2
	echo "module-test: 0 passed, 1 failed"
	exit 1
fi

"$root/scripts/write-dev-tfrc.sh" "$tmp/dev.tfrc" "$bin"
export TF_CLI_CONFIG_FILE=$tmp/dev.tfrc
export LAMBDAFORM_ENDPOINT=$endpoint AWS_REGION=us-east-1
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset LAMBDAFORM_BACKEND TF_DATA_DIR

echo "module-test: tofu test in examples/modules/greeter against $endpoint"
start=$(date +%s.%N)
status=0
"$bin/tofu" -chdir="$module" test -no-color >"$tmp/tofu.out" 2>&1 || status=$?
elapsed=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")
cat "$tmp/tofu.out"

passed=$(grep -cE '^  run "[^"]+"\.\.\. pass$' "$tmp/tofu.out" || true)
failed=$(grep -cE '^  run "[^"]+"\.\.\. (fail|error)$' "$tmp/tofu.out" || true)
if [[ $status -ne 0 && $failed -eq 0 ]]; then
	failed=1 # tofu failed outside any run block (e.g. a syntax error)
fi
if [[ $failed -ne 0 ]]; then
	echo "module-test: engine log (last 40 lines):" >&2
	tail -n 40 "$tmp/engine.log" >&2
fi
echo "module-test: tofu test took ${elapsed}s"
echo "module-test: $passed passed, $failed failed"
if [[ $status -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then
	exit 1
fi
