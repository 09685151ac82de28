# Sourced by the install.sh of each npm test-material folder (tests/support/*/): installs the
# packages of that folder's package.json + package-lock.json into a cache outside the repository
# and prints the prefix that holds their node_modules.
#
#   npm_install_cached NAME FOLDER FILE...   -> prints $cache/NAME-<hash>
#
# <hash> covers package.json and package-lock.json, so a changed pin installs afresh; FILE...
# (relative to the prefix) must exist after the install. Idempotent; parallel callers serialize
# on a lock file and reuse one install. npm runs no install scripts; its output reaches stderr
# only when it fails. Needs a `die` function from the caller.

source "$(dirname "${BASH_SOURCE[0]}")/npm_cache_dir.sh"

npm_install_cached() {
  local name=$1 folder=$2
  shift 2
  command -v node >/dev/null || die "node not found (Debian: apt-get install nodejs)"
  command -v npm >/dev/null || die "npm not found (Debian: apt-get install npm)"
  command -v flock >/dev/null || die "flock not found (Debian: util-linux)"
  command -v sha256sum >/dev/null || die "sha256sum not found"
  local cache hash prefix marker
  cache=$(npm_cache_dir)
  hash=$(cat "$folder/package.json" "$folder/package-lock.json" | sha256sum | cut -c1-16)
  prefix=$cache/$name-$hash
  marker=$prefix/.installed
  if ! _npm_installed "$marker" "$prefix" "$@"; then
    exec 9>"$cache/.$name-$hash.lock"
    flock 9 # parallel test runs: one installs, the others wait and reuse it
    if ! _npm_installed "$marker" "$prefix" "$@"; then
      echo "installing the npm packages of $folder/package.json into $prefix" >&2
      rm -rf "$prefix"
      mkdir -p "$prefix"
      cp "$folder/package.json" "$folder/package-lock.json" "$prefix/"
      # From the prefix, so no .npmrc/package.json of the caller is picked up.
      if ! (cd "$prefix" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error \
        >"$prefix/npm-install.log" 2>&1); then
        cat "$prefix/npm-install.log" >&2
        die "npm ci in $prefix failed (is the npm registry reachable?)"
      fi
      local file
      for file in "$@"; do
        [[ -e $prefix/$file ]] || die "npm ci succeeded but $prefix/$file is missing"
      done
      echo "$hash" >"$marker"
    fi
    exec 9>&-
  fi
  printf '%s\n' "$prefix"
}

_npm_installed() {
  local marker=$1 prefix=$2 file
  shift 2
  [[ -f $marker ]] || return 1
  for file in "$@"; do
    [[ -e $prefix/$file ]] || return 1
  done
}
