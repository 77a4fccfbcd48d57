#!/usr/bin/env bash
# Usage: scripts/demo.sh   (run by `make demo`, which builds bin/ first)
#
# 1. zips examples/demo/src into examples/demo/build/hello.zip (deterministic,
#    so re-running changes nothing);
# 2. starts `lambdaform serve --addr 127.0.0.1:9001 --data-dir .lambdaform` in
#    the background unless something already answers on that address, and
#    leaves it running;
# 3. writes bin/dev.tfrc (dev_overrides -> bin/) and runs `tofu apply` in
#    examples/demo;
# 4. invokes the function with `lambdaform invoke --log` (result and log
#    tail) and shows it through the AWS CLI, if that is installed.
# Idempotent: a second run finds the engine up and the function unchanged.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/bin
demo=$root/examples/demo
build=$demo/build
addr=${LAMBDAFORM_DEMO_ADDR:-127.0.0.1:9001}
endpoint=http://$addr
data_dir=$root/.lambdaform
function_name=lambdaform-demo-hello

for f in tofu lambdaform terraform-provider-lambda; do
	if [[ ! -x $bin/$f ]]; then
		echo "demo: $bin/$f is missing; run 'make demo' (it builds everything first)" >&2
		exit 1
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "demo: python3 is required to build the deployment package" >&2
	exit 1
fi

echo "==> Building the deployment package"
mkdir -p "$build"
python3 - "$demo/src" "$build/hello.zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
tmp = dst + ".tmp"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".pyc"):
                continue
            path = os.path.join(dirpath, name)
            info = zipfile.ZipInfo(os.path.relpath(path, src), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
os.replace(tmp, dst)
PY
echo "    $build/hello.zip"

healthy() {
	python3 - "$endpoint/healthz" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=1) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
PY
}

if healthy; then
	echo "==> An engine already answers on $endpoint; using it"
else
	echo "==> Starting the engine on $addr (data in $data_dir)"
	# Detached from this shell (new session), so it outlives `make demo`.
	setsid "$bin/lambdaform" serve --addr "$addr" --data-dir "$data_dir" \
		>"$build/engine.log" 2>&1 </dev/null &
	pid=$!
	echo "$pid" >"$build/engine.pid"
	for _ in $(seq 1 100); do
		healthy && break
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "demo: the engine exited; its log:" >&2
			cat "$build/engine.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	if ! healthy; then
		echo "demo: the engine did not become healthy within 10s; its log:" >&2
		cat "$build/engine.log" >&2
		exit 1
	fi
	echo "    engine pid $pid, log $build/engine.log"
fi

echo "==> Writing $bin/dev.tfrc (dev_overrides for lambdaform/lambda -> $bin)"
"$root/scripts/write-dev-tfrc.sh" "$bin/dev.tfrc" "$bin"
export TF_CLI_CONFIG_FILE=$bin/dev.tfrc
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

echo "==> tofu apply in examples/demo"
"$bin/tofu" -chdir="$demo" apply -auto-approve -input=false

echo
echo "==> lambdaform invoke $function_name --payload '{\"name\":\"demo\"}' --log"
"$bin/lambdaform" invoke "$function_name" --endpoint "$endpoint" --payload '{"name":"demo"}' --log

echo
echo "==> lambdaform logs $function_name --since 1h --format short"
"$bin/lambdaform" logs "$function_name" --endpoint "$endpoint" --since 1h --format short | tail -n 8

if command -v aws >/dev/null 2>&1; then
	echo
	echo "==> aws lambda get-function --function-name $function_name --endpoint-url $endpoint"
	pager=()
	if aws --version 2>&1 | grep -q '^aws-cli/2'; then
		pager=(--no-cli-pager)
	fi
	# The engine accepts any credentials unless started with --access-key/--secret-key.
	AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-lambdaform} \
		AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-lambdaform} \
		AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" \
		aws lambda get-function --function-name "$function_name" \
		--endpoint-url "$endpoint" --output json "${pager[@]}"
else
	echo
	echo "(install the AWS CLI to inspect the function: apt-get install awscli)"
fi

echo
echo "Demo done. The engine keeps running on $endpoint."
if [[ -f $build/engine.pid ]] && kill -0 "$(cat "$build/engine.pid")" 2>/dev/null; then
	echo "Stop it with:  bin/lambdaform stop --data-dir .lambdaform"
else
	echo "Stop it by ending the process that serves $addr (it was already running)."
fi
echo "Use the built provider yourself with:  export TF_CLI_CONFIG_FILE=$bin/dev.tfrc"
