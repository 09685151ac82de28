#!/usr/bin/env bash
# Installs GitHub's published webhook example payloads (@octokit/webhooks-examples) and
# Octokit's signing method (@octokit/webhooks-methods) into a cache outside the repository and
# prints the prefix that holds their node_modules (see tests/support/npm_install.sh).
set -euo pipefail

die() { echo "install.sh (webhooks): $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
source "$here/../npm_install.sh"
npm_install_cached "webhooks" "$here" \
  node_modules/@octokit/webhooks-examples/api.github.com/index.json \
  node_modules/@octokit/webhooks-methods/package.json
