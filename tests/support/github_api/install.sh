#!/usr/bin/env bash
# Installs the npm packages of package.json (+ package-lock.json) next to this script into a
# cache outside the repository, and prints the directory that holds their node_modules:
#
#   install.sh   -> prints $MEDIC_NPM_CACHE/github-api-<hash>  (NODE_PATH=<that>/node_modules)
#
# <hash> covers package.json and package-lock.json, so a changed pin installs afresh. Cache:
# $MEDIC_NPM_CACHE, else $HOME/.cache/medic/npm. @octokit/openapi alone is ~385 MB installed:
# it never goes into the repository. Idempotent; parallel callers serialize on a lock file and
# reuse one install. Exits non-zero with a message on stderr on any failure; npm's own output
# goes to stderr only when it fails.
set -euo pipefail

die() { echo "install.sh (github_api): $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
command -v node >/dev/null || die "node not found (Debian: apt-get install nodejs)"
command -v npm >/dev/null || die "npm not found (Debian: apt-get install npm)"
command -v flock >/dev/null || die "flock not found (Debian: util-linux)"
command -v sha256sum >/dev/null || die "sha256sum not found"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  die "node $(node --version) is too old: the servers need node >= 20 (@octokit/fixtures-server uses import.meta.resolve)"

source "$here/../npm_cache_dir.sh"
cache=$(npm_cache_dir)

hash=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -c1-16)
prefix=$cache/github-api-$hash
marker=$prefix/.installed

installed() {
  [[ -f $marker && -f $prefix/node_modules/@octokit/openapi/generated/api.github.com.json &&
     -f $prefix/node_modules/@octokit/fixtures-server/index.js && -f $prefix/node_modules/ajv/package.json ]]
}

if ! installed; then
  exec 9>"$cache/.github-api-$hash.lock"
  flock 9   # parallel test runs: one installs, the others wait and reuse it
  if ! installed; then
    echo "install.sh (github_api): installing the npm packages of $here/package.json into $prefix" >&2
    rm -rf "$prefix"
    mkdir -p "$prefix"
    cp "$here/package.json" "$here/package-lock.json" "$prefix/"
    log=$prefix/npm-install.log
    # Run from the prefix so no .npmrc/package.json of the caller is picked up; no package here
    # needs an install script.
    if ! (cd "$prefix" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >"$log" 2>&1); then
      cat "$log" >&2
      die "npm ci in $prefix failed (is the npm registry reachable?)"
    fi
    installed_files=$prefix/node_modules/@octokit/openapi/generated/api.github.com.json
    [[ -f $installed_files ]] || die "npm ci succeeded but $installed_files is missing"
    echo "$hash" >"$marker"
  fi
  exec 9>&-
fi

echo "$prefix"
