#!/usr/bin/env bash
# Installs the npm packages of package.json (+ package-lock.json) next to this script into a
# cache outside the repository, and prints the directory that holds their node_modules:
#
#   install.sh   -> prints $MEDIC_NPM_CACHE/github-api-<hash>  (NODE_PATH=<that>/node_modules)
#
# Cache: $MEDIC_NPM_CACHE, else $HOME/.cache/medic/npm. @octokit/openapi alone is ~385 MB
# installed: it never goes into the repository. See tests/support/npm_install.sh.
set -euo pipefail

die() { echo "install.sh (github_api): $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
command -v node >/dev/null || die "node not found (Debian: apt-get install nodejs)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  die "node $(node --version) is too old: the servers need node >= 20 (@octokit/fixtures-server uses import.meta.resolve)"
source "$here/../npm_install.sh"
npm_install_cached github-api "$here" \
  node_modules/@octokit/openapi/generated/api.github.com.json \
  node_modules/@octokit/fixtures-server/index.js node_modules/ajv/package.json
