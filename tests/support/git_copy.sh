# Sourced by tests, benchmarks and the demo: git_copy SOURCE DEST copies a sample service (without
# its build folders) into DEST as a fresh git repository with one commit — what Medic needs to
# validate and publish (it never writes to the checkout itself).
git_copy() {
  local source=$1 dest=$2
  mkdir -p "$dest"
  (cd "$source" && tar --exclude=./build -cf - .) | tar -xf - -C "$dest"
  git -C "$dest" init -q -b main
  git_commit_all "$dest" "The service, as deployed"
}

# git_commit_all REPO MESSAGE: commits everything in REPO as a fixed test identity.
git_commit_all() {
  git -C "$1" add -A
  git -C "$1" -c user.name=medic-test -c user.email=medic-test@example.com commit -qm "$2"
}
