#!/usr/bin/env bash
# `medic run --publish local` end to end on a git copy of the sample shop, twice: the validated
# fixes (the regex in ApplyCoupon, the misordered checkout) are committed with their tests and fix
# records on their own branches and pushed to a local bare remote; the second run converges on
# the same branches and commits. The checkout is never written.
# Usage: run_cli_test.sh MEDIC SOURCE_ROOT
set -euo pipefail
medic=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache
repo=$work/shop
remote=$work/remote.git
apply_coupon=69ecf7a193c7dde9 # ~230x faster: never near the p-value bar, even on a loaded machine
checkout=2cb407cad7c29b34

fail() { echo "FAIL: $*" >&2; exit 1; }

source "$root/tests/support/git_copy.sh"
git_copy "$root/fixtures/services/shop" "$repo"
git init -q --bare "$remote"

run() {
  local out=$1 status=0
  "$medic" run --repo "$repo" -t "$root/fixtures/telemetry/shop/events.jsonl" \
    "$root/fixtures/telemetry/shop/logs.jsonl" --provider rules --only "$apply_coupon" "$checkout" \
    --remote "$remote" --out "$out" --work-dir "$work/validate" --no-color || status=$?
  [[ $status -eq 0 ]] || fail "medic run exited $status"
}

run "$work/run1"
jq -e '[.fixes[] | select(.status == "published")] | length == 2' "$work/run1/run.json" >/dev/null \
  || fail "expected two published fixes: $(jq -c '[.fixes[] | {handler, status, reason}]' "$work/run1/run.json")"
branches=$(git --git-dir "$remote" for-each-ref --format='%(refname:short)' refs/heads | sort)
expected=$(printf '%s\n' "medic/misordered/checkout-${checkout:0:8}" \
  "medic/slow/shop-apply-coupon-handle-${apply_coupon:0:8}" | sort)
[[ $branches == "$expected" ]] || fail "remote branches: $branches"

slow_branch=medic/slow/shop-apply-coupon-handle-${apply_coupon:0:8}
files=$(git --git-dir "$remote" show --name-only --format= "$slow_branch")
for expected_file in src/cart.cpp "docs/medic/$apply_coupon.md" tests/medic/CMakeLists.txt; do
  grep -qx "$expected_file" <<< "$files" || fail "$slow_branch lacks $expected_file: $files"
done
grep -q '_test.cpp$' <<< "$files" || fail "$slow_branch has no generated test"
grep -q '_bench.cpp$' <<< "$files" || fail "$slow_branch has no generated benchmark"
body=$work/run1/$apply_coupon/pull-request.md
grep -q "p = \|p-value" "$body" || fail "the PR body shows no p-value"
grep -q "/medic revise" "$body" || fail "the PR body lists no /medic commands"
[[ -z $(git -C "$repo" status --porcelain) ]] || fail "medic run wrote to the checkout"
first=$(git --git-dir "$remote" for-each-ref --format='%(objectname) %(refname)' refs/heads)

run "$work/run2"
second=$(git --git-dir "$remote" for-each-ref --format='%(objectname) %(refname)' refs/heads)
[[ $first == "$second" ]] || fail "the re-run moved or added branches:\n$first\n---\n$second"
jq -e 'all(.fixes[]; .branch_changed == false)' "$work/run2/run.json" >/dev/null \
  || fail "the re-run reports changed branches"
echo "ok: two fixes published, and a re-run converged on the same branches and commits"
