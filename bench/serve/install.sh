#!/usr/bin/env bash
# Installs bench/serve's npm packages (Probot's receive path, @octokit/webhooks, and GitHub's
# example payloads) into a cache outside the repository; prints the prefix holding node_modules.
set -euo pipefail
die() { echo "install.sh (bench/serve): $*" >&2; exit 1; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
source "$here/../../tests/support/npm_install.sh"
npm_install_cached "bench-serve" "$here" \
  node_modules/@octokit/webhooks/package.json \
  node_modules/@octokit/webhooks-examples/api.github.com/index.json
