#!/usr/bin/env bash
# Usage: scripts/write-dev-tfrc.sh FILE PLUGIN_DIR
#
# Writes an OpenTofu/Terraform CLI configuration whose dev_overrides make
# `lambdaform/lambda` resolve to PLUGIN_DIR/terraform-provider-lambda, so a
# locally built provider is used without any registry. Both registry hosts are
# overridden: Terraform expands `lambdaform/lambda` to registry.terraform.io,
# OpenTofu to registry.opentofu.org. Every other provider installs normally.
set -euo pipefail

if [[ $# -ne 2 ]]; then
	echo "usage: $0 FILE PLUGIN_DIR" >&2
	exit 2
fi
file=$1
dir=$(cd "$2" && pwd)

mkdir -p "$(dirname "$file")"
cat >"$file" <<TFRC
# Written by scripts/write-dev-tfrc.sh — uses the provider built into $dir.
provider_installation {
  dev_overrides {
    "registry.terraform.io/lambdaform/lambda" = "$dir"
    "registry.opentofu.org/lambdaform/lambda" = "$dir"
  }
  direct {}
}
TFRC
