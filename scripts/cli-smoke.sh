#!/usr/bin/env bash
# Usage: scripts/cli-smoke.sh [PATH_TO_LAMBDAFORM_BINARY]   (default: bin/lambdaform)
#
# Smoke test of the engine through the unmodified AWS CLI: starts
# `lambdaform serve` on a free loopback port with a temporary data directory,
# then drives the Lambda API with `aws lambda …` and checks the answers.
# Builds nothing itself (`make test` passes the binary). Skips when `aws` is
# not installed. The engine verifies signatures with the CLI's dummy key pair;
# SMOKE_ENGINE_ARGS replaces its extra flags (SMOKE_ENGINE_ARGS= to disable).
set -euo pipefail
# shellcheck source=scripts/lib/engine.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/engine.sh"

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
engine=${1:-$root/bin/lambdaform}

if ! command -v aws >/dev/null 2>&1; then
	echo "cli-smoke: SKIPPED — the aws CLI is not installed (apt-get install awscli)"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "cli-smoke: python3 is required (it builds the zip and parses the answers)" >&2
	exit 1
fi
if [[ ! -x $engine ]]; then
	echo "cli-smoke: engine binary $engine not found; run 'make build'" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lambdaform-smoke.XXXXXX")
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

port=$(free_port)
endpoint=http://127.0.0.1:$port

# Dummy credentials. The engine is started with the same pair, so it verifies
# the CLI's SigV4 signatures (override with SMOKE_ENGINE_ARGS, e.g. "" to not).
access_key=AKIDLAMBDAFORMSMOKE
secret_key=lambdaform-smoke-secret
engine_args=${SMOKE_ENGINE_ARGS-"--access-key $access_key --secret-key $secret_key"}

# shellcheck disable=SC2086 # engine_args is split on purpose.
"$engine" serve --addr "127.0.0.1:$port" --data-dir "$tmp/data" $engine_args >"$tmp/engine.log" 2>&1 </dev/null &
engine_pid=$!

if ! wait_healthy "$endpoint" "$engine_pid"; then
	echo "cli-smoke: engine log:" >&2
	cat "$tmp/engine.log" >&2
	echo "cli-smoke: 0 passed, 1 failed"
	exit 1
fi

# Isolate the CLI from any local AWS configuration.
export AWS_ACCESS_KEY_ID=$access_key
export AWS_SECRET_ACCESS_KEY=$secret_key
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=$tmp/aws-config AWS_SHARED_CREDENTIALS_FILE=$tmp/aws-credentials
export AWS_PAGER="" AWS_MAX_ATTEMPTS=1
aws_args=(--endpoint-url "$endpoint" --output json)
if aws --version 2>&1 | grep -q '^aws-cli/2'; then
	aws_args+=(--no-cli-pager)
fi

fn=cli-smoke-fn
role=arn:aws:iam::123456789012:role/lambdaform-smoke

# A small deployment package, and its expected CodeSha256 (base64 SHA-256) and size.
python3 - "$tmp/function.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("index.py", "def handler(event, context):\n    print('smoke event', event)\n    return {'ok': True, 'got': event}\n")
PY
read -r code_sha code_size < <(python3 - "$tmp/function.zip" <<'PY'
import base64, hashlib, os, sys
data = open(sys.argv[1], "rb").read()
print(base64.b64encode(hashlib.sha256(data).digest()).decode(), len(data))
PY
)

passed=0
failed=0
out=$tmp/out.json
err=$tmp/err.txt

# check NAME PYTHON_ASSERTIONS -- AWS_SERVICE AWS_ARGS...
# Runs `aws SERVICE ARGS`; it passes when the command succeeds and the Python
# snippet (given the parsed JSON answer as `r`, and `env` = os.environ) exits 0.
check() {
	local name=$1 assertions=$2
	shift 3
	if aws "${aws_args[@]}" "$@" >"$out" 2>"$err" &&
		SMOKE_ASSERT=$assertions python3 - "$out" 2>>"$err" <<'PY'; then
import json, os, sys
raw = open(sys.argv[1]).read()
r = json.loads(raw) if raw.strip() else {}
env = os.environ
exec(os.environ["SMOKE_ASSERT"])
PY
		passed=$((passed + 1))
		echo "ok   - $name"
	else
		failed=$((failed + 1))
		echo "FAIL - $name"
		sed 's/^/       /' "$err" "$out" | head -n 40
	fi
}

export FN=$fn ROLE=$role CODE_SHA=$code_sha CODE_SIZE=$code_size

check "create-function returns the new configuration" '
assert r["FunctionName"] == env["FN"], r
assert r["FunctionArn"].endswith(":function:" + env["FN"]), r["FunctionArn"]
assert r["Runtime"] == "python3.12", r
assert r["Handler"] == "index.handler", r
assert r["Role"] == env["ROLE"], r
assert r["CodeSha256"] == env["CODE_SHA"], (r["CodeSha256"], env["CODE_SHA"])
assert r["CodeSize"] == int(env["CODE_SIZE"]), (r["CodeSize"], env["CODE_SIZE"])
' -- lambda create-function --function-name "$fn" --runtime python3.12 --handler index.handler \
	--role "$role" --zip-file "fileb://$tmp/function.zip" --description "cli smoke test"

check "get-function returns configuration and code location" '
c = r["Configuration"]
assert c["FunctionName"] == env["FN"], c
assert c["CodeSha256"] == env["CODE_SHA"], c
assert c["Description"] == "cli smoke test", c
assert r["Code"]["Location"], r["Code"]
' -- lambda get-function --function-name "$fn"

check "list-functions includes the function" '
names = [f["FunctionName"] for f in r["Functions"]]
assert env["FN"] in names, names
' -- lambda list-functions

check "update-function-configuration applies the change" '
assert r["Timeout"] == 30, r
assert r["MemorySize"] == 256, r
assert r["Environment"]["Variables"] == {"GREETING": "hello"}, r.get("Environment")
assert r["CodeSha256"] == env["CODE_SHA"], r
' -- lambda update-function-configuration --function-name "$fn" --timeout 30 --memory-size 256 \
	--environment 'Variables={GREETING=hello}'

arn=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["FunctionArn"])' "$out" 2>/dev/null ||
	echo "arn:aws:lambda:us-east-1:000000000000:function:$fn")
export ARN=$arn

if aws "${aws_args[@]}" lambda tag-resource --resource "$arn" --tags team=lambdaform,stage=smoke >"$tmp/tag.out" 2>"$tmp/tag.err"; then
	check "tag-resource then list-tags returns the tags" '
assert r["Tags"] == {"team": "lambdaform", "stage": "smoke"}, r
' -- lambda list-tags --resource "$arn"
else
	failed=$((failed + 1))
	echo "FAIL - tag-resource then list-tags returns the tags"
	sed 's/^/       /' "$tmp/tag.err" | head -n 20
fi

# Blob arguments: CLI v2 expects base64 unless told otherwise; v1 takes raw text.
blob_args=()
if aws --version 2>&1 | grep -q '^aws-cli/2'; then
	blob_args=(--cli-binary-format raw-in-base64-out)
fi
export RESULT=$tmp/result.json
# shellcheck disable=SC2016 # $LATEST is Python text, not a shell expansion.
check "invoke runs the function and returns its result" '
assert r["StatusCode"] == 200 and "FunctionError" not in r, r
assert r["ExecutedVersion"] == "$LATEST", r
result = json.load(open(env["RESULT"]))
assert result == {"ok": True, "got": {"smoke": 1}}, result
' -- lambda invoke --function-name "$fn" --payload '{"smoke": 1}' "${blob_args[@]}" "$RESULT"

check "logs filter-log-events shows the function's output" '
msgs = [e["message"] for e in r["events"]]
assert any(m.startswith("START RequestId: ") for m in msgs), msgs
assert any("smoke event" in m for m in msgs), msgs
assert any(m.startswith("REPORT RequestId: ") for m in msgs), msgs
' -- logs filter-log-events --log-group-name "/aws/lambda/$fn"

# Older CLIs print nothing for the 204; newer API models expose it as StatusCode.
check "delete-function succeeds" '
assert r in ({}, {"StatusCode": 204}), r
' -- lambda delete-function --function-name "$fn"

# After deletion AWS answers 404 ResourceNotFoundException; the CLI exits non-zero.
if aws "${aws_args[@]}" lambda get-function --function-name "$fn" >"$out" 2>"$err"; then
	failed=$((failed + 1))
	echo "FAIL - get-function after delete reports ResourceNotFoundException"
	sed 's/^/       /' "$out" | head -n 20
elif grep -q 'ResourceNotFoundException' "$err"; then
	passed=$((passed + 1))
	echo "ok   - get-function after delete reports ResourceNotFoundException"
else
	failed=$((failed + 1))
	echo "FAIL - get-function after delete reports ResourceNotFoundException"
	sed 's/^/       /' "$err" | head -n 20
fi

queue_url=
if aws "${aws_args[@]}" sqs create-queue --queue-name cli-smoke-queue >"$out" 2>"$err"; then
	queue_url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["QueueUrl"])' "$out")
fi
export QUEUE_URL=$queue_url
# Send first (synchronously), then check what receive-message answers.
aws "${aws_args[@]}" sqs send-message --queue-url "${queue_url:-missing}" \
	--message-body "hello from the cli" >/dev/null 2>"$err" || true
check "sqs send-message then receive-message returns the body" '
msgs = r.get("Messages", [])
assert len(msgs) == 1 and msgs[0]["Body"] == "hello from the cli", r
open(env["RESULT"], "w").write(msgs[0]["ReceiptHandle"])
' -- sqs receive-message --queue-url "${queue_url:-missing}" --wait-time-seconds 1

aws "${aws_args[@]}" sqs delete-message --queue-url "${queue_url:-missing}" \
	--receipt-handle "$(cat "$RESULT" 2>/dev/null)" >/dev/null 2>"$err" || true
check "sqs delete-message empties the queue" '
assert r["Attributes"]["ApproximateNumberOfMessages"] == "0", r
assert r["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "0", r
' -- sqs get-queue-attributes --queue-url "${queue_url:-missing}" --attribute-names All

if ((failed > 0)); then
	echo "cli-smoke: engine log (last 40 lines):"
	tail -n 40 "$tmp/engine.log" | sed 's/^/       /'
fi
echo "cli-smoke: $passed passed, $failed failed"
((failed == 0))
