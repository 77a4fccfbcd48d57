#!/usr/bin/env bash
# Usage: scripts/docs.sh generate|check
#
# generate: writes docs/ with tfplugindocs from the provider schema.
# check:    regenerates into a temporary copy and fails when docs/ differs.
#
# tfplugindocs cannot download Terraform here, so the schema comes from
# `bin/tofu providers schema -json` run against bin/terraform-provider-lambda
# through a dev_overrides CLI configuration (no init, no registry), and is
# handed to tfplugindocs with --providers-schema. Expects `make build tools`.
set -euo pipefail

mode=${1:-}
case $mode in
generate | check) ;;
*)
	echo "usage: $0 generate|check" >&2
	exit 2
	;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/bin
for f in tofu tfplugindocs terraform-provider-lambda; do
	if [[ ! -x $bin/$f ]]; then
		echo "docs: $bin/$f is missing; run 'make build tools'" >&2
		exit 1
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lambdaform-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# tfplugindocs looks the provider up in the schema JSON as "<name>" or
# "registry.terraform.io/hashicorp/<name>", so the schema is exported under
# that address; the override makes it the same binary either way.
mkdir -p "$tmp/schema"
cat >"$tmp/dev.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "registry.terraform.io/hashicorp/lambda" = "$bin"
  }
  direct {}
}
TFRC
cat >"$tmp/schema/main.tf" <<'HCL'
terraform {
  required_providers {
    lambda = {
      source = "registry.terraform.io/hashicorp/lambda"
    }
  }
}
HCL

TF_CLI_CONFIG_FILE=$tmp/dev.tfrc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
	"$bin/tofu" -chdir="$tmp/schema" providers schema -json >"$tmp/schema.json"

# The export must contain the provider (tofu prints its warnings to stderr).
if ! grep -q '"registry.terraform.io/hashicorp/lambda"' "$tmp/schema.json"; then
	echo "docs: provider schema export did not contain the lambda provider:" >&2
	head -c 2000 "$tmp/schema.json" >&2
	exit 1
fi

gen() { # gen PROVIDER_DIR
	"$bin/tfplugindocs" generate \
		--provider-dir "$1" \
		--provider-name lambda \
		--providers-schema "$tmp/schema.json"
}

validate() { # validate PROVIDER_DIR
	"$bin/tfplugindocs" validate \
		--provider-dir "$1" \
		--provider-name lambda \
		--providers-schema "$tmp/schema.json"
}

if [[ $mode == generate ]]; then
	gen "$root"
	validate "$root"
	exit 0
fi

mkdir -p "$tmp/copy"
for d in docs examples templates; do
	if [[ -d $root/$d ]]; then
		cp -R "$root/$d" "$tmp/copy/$d"
	fi
done
# Drop demo build output and local state from the copy; they are not docs inputs.
rm -rf "$tmp/copy/examples/demo"
gen "$tmp/copy" >"$tmp/generate.log" 2>&1 || {
	cat "$tmp/generate.log" >&2
	exit 1
}
mkdir -p "$root/docs"
if ! diff -ru "$root/docs" "$tmp/copy/docs"; then
	echo "docs-check: docs/ is stale; run 'make docs' and commit the result" >&2
	exit 1
fi
validate "$root" >"$tmp/validate.log" 2>&1 || {
	cat "$tmp/validate.log" >&2
	exit 1
}
echo "docs-check: docs/ is up to date"
