# Sourced by the scripts that install npm test material: npm_cache_dir prints the cache
# directory (absolute; $MEDIC_NPM_CACHE, else $HOME/.cache/medic/npm), creating it, and refuses
# one inside the repository so ~400 MB of packages never land in the tree. Needs a `die`
# function from the caller.
npm_cache_dir() {
  local cache repo
  if [[ -n ${MEDIC_NPM_CACHE-} ]]; then
    cache=$MEDIC_NPM_CACHE
  elif [[ -n ${HOME-} ]]; then
    cache=$HOME/.cache/medic/npm
  else
    die "neither MEDIC_NPM_CACHE nor HOME is set"
  fi
  cache=$(realpath -m -- "$cache")
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
  case $cache/ in
    "$repo"/*) die "cache directory $cache is inside the repository $repo; set MEDIC_NPM_CACHE elsewhere" ;;
  esac
  mkdir -p "$cache" || die "cannot create cache directory $cache"
  printf '%s\n' "$cache"
}
