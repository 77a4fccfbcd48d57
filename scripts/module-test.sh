#!/usr/bin/env bash
# Usage: scripts/module-test.sh [SUITE...]   (run by `make test`, which builds bin/ first)
#
# Runs the `tofu test` suites of the examples offline against one local
# engine. The suites are every directory under examples/modules/ or
# examples/ with a tests/ directory (the reusable modules, then complete
# examples such as canary and sqs-worker), or only those named (e.g.
# `greeter canary`, or paths such as examples/sqs-worker).
# 1. starts `lambdaform serve` on a free loopback port with a temporary data
#    directory (stopped on exit);
# 2. writes a dev_overrides CLI configuration (lambdaform/lambda -> bin/), so
#    `tofu test` needs neither `tofu init` nor a registry;
# 3. for each suite, runs its build step, build.sh when present (it builds
#    the deployment packages under the directory's build/), then
#    `bin/tofu get` (installs the local modules that run blocks use, offline,
#    into a temporary TF_DATA_DIR) and `bin/tofu test` in the directory with
#    LAMBDAFORM_ENDPOINT and TF_VAR_endpoint (the examples' `endpoint`
#    variable) pointing at the engine, and prints its output;
# 4. ends with `module-test: N passed, M failed`, counted from the run blocks
#    of all suites (a failed build or `tofu get`, or a tofu failure outside
#    any run block, counts as one failure).
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
examples_dir=$root/examples

# Suites as paths relative to the repository root: examples/modules/*, then
# the other examples/* (examples/modules itself has no tests/).
suites=()
if [[ $# -gt 0 ]]; then
	for m in "$@"; do
		m=${m%/}
		m=${m#"$root"/}
		if [[ $m == */* && -d $root/$m/tests ]]; then
			suites+=("$m")
		elif [[ -d $examples_dir/modules/${m##*/}/tests ]]; then
			suites+=("examples/modules/${m##*/}")
		elif [[ -d $examples_dir/${m##*/}/tests ]]; then
			suites+=("examples/${m##*/}")
		else
			echo "module-test: no tests/ directory in examples/modules/${m##*/} or examples/${m##*/}" >&2
			exit 2
		fi
	done
else
	for d in "$examples_dir"/modules/*/ "$examples_dir"/*/; do
		if [[ -d ${d}tests ]]; then
			d=${d%/}
			suites+=("${d#"$root"/}")
		fi
	done
fi
if [[ ${#suites[@]} -eq 0 ]]; then
	echo "module-test: no directory under examples/modules or examples has a tests/ directory" >&2
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
export LAMBDAFORM_ENDPOINT=$endpoint TF_VAR_endpoint=$endpoint AWS_REGION=us-east-1
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset LAMBDAFORM_BACKEND

total_passed=0
total_failed=0
summary=()

# run_step SUITE WHAT OUT CMD...: runs a preparation step of SUITE with its
# output in OUT, then shows that output; a failure counts as one failed run
# block of SUITE.
run_step() {
	local suite=$1 what=$2 out=$3
	shift 3
	local status=0
	"$@" >"$out" 2>&1 || status=$?
	cat "$out"
	if [[ $status -ne 0 ]]; then
		echo "module-test: $suite: $what failed" >&2
		total_failed=$((total_failed + 1))
		summary+=("${suite##*/}: $what failed")
	fi
	return "$status"
}

for suite in "${suites[@]}"; do
	dir=$root/$suite
	m=${suite##*/}
	out=$tmp/${suite//\//_}.out
	echo "module-test: === $suite"
	if [[ -f $dir/build.sh ]] && ! run_step "$suite" build.sh "$out" bash "$dir/build.sh"; then
		continue
	fi
	# Each suite gets its own data directory, so nothing is written under
	# examples/ and no stale module manifest is reused.
	export TF_DATA_DIR=$tmp/tf-data/${suite//\//_}
	if ! run_step "$suite" "tofu get" "$out" "$bin/tofu" -chdir="$dir" get -no-color; then
		continue
	fi

	echo "module-test: tofu test in $suite against $endpoint"
	log_lines=$(wc -l <"$tmp/engine.log")
	start=$(date +%s.%N)
	status=0
	"$bin/tofu" -chdir="$dir" test -no-color >"$out" 2>&1 || status=$?
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
		echo "module-test: engine log while testing $suite (last 40 lines):" >&2
		tail -n +"$((log_lines + 1))" "$tmp/engine.log" | tail -n 40 >&2
	fi
	echo "module-test: $suite: $passed passed, $failed failed in ${elapsed}s"
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
