#!/usr/bin/env bash
# Installs the SARIF 2.1.0 JSON schema (and Microsoft's SARIF Multitool) from the npm registry
# into a cache outside the repository, and prints the absolute path of the schema file.
#
#   install_sarif_schema.sh              -> prints .../sarif-2.1.0.json
#   install_sarif_schema.sh --multitool  -> prints .../Sarif.Multitool (Microsoft's validator)
#
# The schema comes from @microsoft/sarif-multitool-linux, which ships it as `sarif-2.1.0.json`
# next to a self-contained Linux x86-64 `Sarif.Multitool` binary (no download at install time).
# Idempotent: a second run only checks the cached file. Cache: $MEDIC_NPM_CACHE, else
# $HOME/.cache/medic/npm. Exits non-zero with a message on stderr on any failure.
set -euo pipefail

readonly pkg=@microsoft/sarif-multitool-linux
readonly version=5.7.0
readonly schema_rel=sarif-2.1.0.json
# sha256 of sarif-2.1.0.json in $pkg@$version: a changed file is refused, not silently used.
readonly schema_sha256=1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c
readonly schema_title="Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"

die() { echo "install_sarif_schema.sh: $*" >&2; exit 1; }

want=schema
case ${1-} in
  '') ;;
  --multitool) want=multitool ;;
  *) echo "usage: install_sarif_schema.sh [--multitool]" >&2; exit 2 ;;
esac

command -v npm >/dev/null || die "npm not found (Debian: apt-get install npm)"
command -v sha256sum >/dev/null || die "sha256sum not found"
command -v flock >/dev/null || die "flock not found (Debian: util-linux)"

source "$(dirname "${BASH_SOURCE[0]}")/npm_cache_dir.sh"
cache=$(npm_cache_dir)

prefix=$cache/sarif-multitool-linux-$version
pkg_dir=$prefix/node_modules/$pkg
schema=$pkg_dir/$schema_rel
multitool=$pkg_dir/Sarif.Multitool

installed() {
  [[ -f $schema && -f $pkg_dir/package.json ]] || return 1
  grep -q "\"version\": *\"$version\"" "$pkg_dir/package.json" || return 1
  [[ $(sha256sum "$schema" | cut -d' ' -f1) == "$schema_sha256" ]]
}

if ! installed; then
  mkdir -p "$prefix"
  exec 9>"$cache/.sarif-multitool-linux.lock"
  flock 9   # parallel test runs: one installs, the others wait and reuse it
  if ! installed; then
    echo "install_sarif_schema.sh: installing $pkg@$version into $prefix" >&2
    # Run from the prefix so no project .npmrc/package.json of the caller is picked up.
    # --ignore-scripts: the package's only script is `chmod u+x Sarif.Multitool`, done below.
    if ! (cd "$prefix" && npm install --prefix "$prefix" --no-audit --no-fund --ignore-scripts \
            --no-package-lock --loglevel=error "$pkg@$version" >&2); then
      die "npm install $pkg@$version failed (is the npm registry reachable?)"
    fi
    [[ -f $schema ]] || die "$pkg@$version installed but $schema_rel is missing in $pkg_dir"
    got=$(sha256sum "$schema" | cut -d' ' -f1)
    [[ $got == "$schema_sha256" ]] ||
      die "$schema has sha256 $got, expected $schema_sha256"
    chmod u+x "$multitool" 2>/dev/null || true
  fi
  exec 9>&-
fi

grep -qF "\"title\": \"$schema_title\"" "$schema" || die "$schema is not the SARIF 2.1.0 schema"

if [[ $want == multitool ]]; then
  [[ -f $multitool ]] || die "Sarif.Multitool missing in $pkg_dir"
  [[ -x $multitool ]] || chmod u+x "$multitool" || die "cannot make $multitool executable"
  echo "$multitool"
else
  echo "$schema"
fi
