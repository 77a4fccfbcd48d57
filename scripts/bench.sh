#!/usr/bin/env bash
# Usage: scripts/bench.sh BIN_DIR BENCH_DIR
#
# Builds the benchmark's inputs into BENCH_DIR/build (the goecho test
# function as a linux provided.al2023 bootstrap, the no-op floor provider
# and the bench program itself), then runs the bench program: a table on
# stdout, figures in BENCH_DIR/results.json. BENCH_QUICK=1 runs small counts.
# `make bench` calls this after building bin/lambdaform, bin/tofu and
# bin/aws-lambda-rie.
set -euo pipefail

if [[ $# -ne 2 ]]; then
	echo "usage: $0 BIN_DIR BENCH_DIR" >&2
	exit 2
fi
bin=$1
dir=$2
go=${GO:-go}

mkdir -p "$dir/build"
GOOS=linux CGO_ENABLED=0 "$go" build -trimpath -o "$dir/build/bootstrap" ./internal/testfunctions/goecho
"$go" build -o "$dir/build/terraform-provider-noop" ./internal/bench/noopprovider
"$go" build -o "$dir/build/lambdaform-bench" ./internal/bench/cmd/lambdaform-bench

exec "$dir/build/lambdaform-bench" -bin "$bin" -goecho "$dir/build/bootstrap" \
	-noop-provider-dir "$dir/build" -work "$dir/work" -out "$dir/results.json"
