#!/usr/bin/env bash
# Usage: scripts/module-test.sh [MODULE...]   (run by `make test`, which builds bin/ first)
#
# Runs the `tofu test` suites of the example modules offline against one
# local engine. The modules are every directory under examples/modules/ with
# a tests/ directory, or only those named (e.g. `greeter go-function`).
# 1. starts `lambdaform serve` on a free loopback port with a temporary data
#    directory (stopped on exit);
# 2. writes a dev_overrides CLI configuration (lambdaform/lambda -> bin/), so
#    `tofu test` needs neither `tofu init` nor a registry;
# 3. for each module, runs its build step, examples/modules/<m>/build.sh when
#    present (it builds the deployment package under the module's build/),
#    then `bin/tofu test` in the module with LAMBDAFORM_ENDPOINT pointing at
#    the engine, and prints its output;
# 4. ends with `module-test: N passed, M failed`, counted from the run blocks
#    of all modules (a failed build or a tofu failure outside any run block
#    counts as one failure).
# Exits non-zero when the engine does not start, a build fails, any run block
# fails or no run block passes.
#
# Packages are built here rather than committed: OpenTofu cannot zip files
# without the archive provider (not installable offline), and a committed zip
# would silently drift from src/. The build scripts make deterministic zips
# (sorted entries, fixed timestamps and modes), so rebuilding unchanged
# sources never changes code_sha256.
set -euo pipefail
# shellcheck source=scripts/lib/engine.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/engine.sh"

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/bin
modules_dir=$root/examples/modules

modules=()
if [[ $# -gt 0 ]]; then
	for m in "$@"; do
		m=${m%/}
		m=${m##*/}
		if [[ ! -d $modules_dir/$m/tests ]]; then
			echo "module-test: examples/modules/$m has no tests/ directory" >&2
			exit 2
		fi
		modules+=("$m")
	done
else
	for d in "$modules_dir"/*/; do
		if [[ -d ${d}tests ]]; then
			modules+=("$(basename "$d")")
		fi
	done
fi
if [[ ${#modules[@]} -eq 0 ]]; then
	echo "module-test: no module under examples/modules has a tests/ directory" >&2
	exit 1
fi

for f in tofu lambdaform terraform-provider-lambda; do
	if [[ ! -x $bin/$f ]]; then
		echo "module-test: $bin/$f is missing; run 'make build tools'" >&2
		exit 1
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "module-test: python3 is required (it finds a free port and builds the zips)" >&2
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

port=$(free_port)
endpoint=http://127.0.0.1:$port
"$bin/lambdaform" serve --addr "127.0.0.1:$port" --data-dir "$tmp/data" --region us-east-1 \
	>"$tmp/engine.log" 2>&1 </dev/null &
engine_pid=$!

if ! wait_healthy "$endpoint" "$engine_pid"; then
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

total_passed=0
total_failed=0
summary=()
for m in "${modules[@]}"; do
	module=$modules_dir/$m
	out=$tmp/$m.out
	echo "module-test: === examples/modules/$m"
	if [[ -f $module/build.sh ]]; then
		if ! bash "$module/build.sh" >"$out" 2>&1; then
			cat "$out"
			echo "module-test: examples/modules/$m: build.sh failed" >&2
			total_failed=$((total_failed + 1))
			summary+=("$m: build failed")
			continue
		fi
		cat "$out"
	fi

	echo "module-test: tofu test in examples/modules/$m against $endpoint"
	log_lines=$(wc -l <"$tmp/engine.log")
	start=$(date +%s.%N)
	status=0
	"$bin/tofu" -chdir="$module" test -no-color >"$out" 2>&1 || status=$?
	elapsed=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")
	cat "$out"

	passed=$(grep -cE '^  run "[^"]+"\.\.\. pass$' "$out" || true)
	failed=$(grep -cE '^  run "[^"]+"\.\.\. (fail|error)$' "$out" || true)
	if [[ $status -ne 0 && $failed -eq 0 ]]; then
		failed=1 # tofu failed outside any run block (e.g. a syntax error)
	fi
	if [[ $passed -eq 0 && $failed -eq 0 ]]; then
		failed=1 # a suite that ran no run block proves nothing
	fi
	if [[ $failed -ne 0 ]]; then
		echo "module-test: engine log while testing $m (last 40 lines):" >&2
		tail -n +"$((log_lines + 1))" "$tmp/engine.log" | tail -n 40 >&2
	fi
	echo "module-test: examples/modules/$m: $passed passed, $failed failed in ${elapsed}s"
	summary+=("$m: $passed passed, $failed failed (${elapsed}s)")
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
done

for line in "${summary[@]}"; do
	echo "module-test:   $line"
done
echo "module-test: $total_passed passed, $total_failed failed"
if [[ $total_failed -ne 0 || $total_passed -eq 0 ]]; then
	exit 1
fi
