#!/usr/bin/env bash
# `medic validate` on a git copy of the sample shop: real builds, real tests, real benchmarks.
#   proves:  the rule-based regex fix (faster, p < 0.01) and the checkout reorder (its generated
#            test fails on the old order and passes on the new) are validated;
#   rejects: a patch that breaks the build, one that breaks a test, a flaky generated test, a
#            no-op patch on a slow anomaly, and a patch that makes the handler slower.
# Usage: validate_cli_test.sh MEDIC SOURCE_ROOT proves|rejects
set -euo pipefail
medic=$1
root=$2
mode=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache}
repo=$work/shop
apply_coupon=69ecf7a193c7dde9 # the slow ApplyCoupon anomaly in the recorded telemetry
checkout=2cb407cad7c29b34     # the misordered checkout sequence

fail() { echo "FAIL: $*" >&2; exit 1; }

source "$root/tests/support/git_copy.sh"
git_copy "$root/fixtures/services/shop" "$repo"

"$medic" detect --repo "$repo" -t "$root/fixtures/telemetry/shop/events.jsonl" \
  --out "$work/anomalies.json" >/dev/null || true
jq -e --arg a "$apply_coupon" --arg c "$checkout" \
  '[.anomalies[].id] | index($a) != null and index($c) != null' "$work/anomalies.json" >/dev/null \
  || fail "the recorded telemetry no longer gives the anomalies this test names"

# validate ID DIFF_OR_JSON EXPECTED_EXIT REASON_PATTERN
validate() {
  local name=$1 patch=$2 expected=$3 pattern=$4 status=0
  "$medic" validate --repo "$repo" --patch "$patch" --anomalies "$work/anomalies.json" \
    --work-dir "$work/validate" --out "$work/out-$name" --no-color > "$work/$name.txt" 2>&1 || status=$?
  cat "$work/$name.txt"
  [[ $status -eq $expected ]] || fail "$name: expected exit $expected, got $status"
  local verdict
  verdict=$(ls "$work/out-$name"/*/verdict.json)
  jq -e --arg p "$pattern" '.reason | test($p)' "$verdict" >/dev/null \
    || fail "$name: the reason does not match /$pattern/: $(jq -r .reason "$verdict")"
  echo "ok: $name — $(jq -r .reason "$verdict" | head -1)"
}

# A diff made by editing the test repository's copy with sed, then restoring it.
diff_of() {
  local file=$1 script=$2 out=$3
  sed -i "$script" "$repo/$file"
  git -C "$repo" diff > "$out"
  git -C "$repo" checkout -q -- "$file"
  [[ -s $out ]] || fail "the edit of $file changed nothing"
}

if [[ $mode == proves ]]; then
  "$medic" fix --repo "$repo" --anomalies "$work/anomalies.json" --provider rules \
    --out "$work/drafts" >/dev/null || true
  validate regex-fix "$work/drafts/$apply_coupon.json" 0 "faster"
  verdict=$work/out-regex-fix/$apply_coupon/verdict.json
  jq -e '.validated and .benchmark.speedup >= 1.1 and .benchmark.p_value < 0.01
         and (.benchmark.base_ns | length) >= 10 and .generated_test_passes == 3' "$verdict" >/dev/null \
    || fail "regex fix: the verdict lacks the proof: $(jq -c '{validated, benchmark: (.benchmark | {speedup, p_value})}' "$verdict")"
  grep -q "mermaid" "$work/out-regex-fix/$apply_coupon/pull-request.md" || fail "the PR body has no chart"
  validate reorder "$work/drafts/$checkout.json" 0 "fail without the fix"
  jq -e '.validated and .generated_tests_fail_on_base == true' \
    "$work/out-reorder/$checkout/verdict.json" >/dev/null || fail "reorder: the test did not fail on the old order"
  [[ -z $(git -C "$repo" status --porcelain) ]] || fail "validation wrote to the checkout"
  exit 0
fi

diff_of src/cart.cpp 's/const auto coupon = store().coupons.find(request.code);/const auto coupon = store().coupons.find(request.code) oops;/' "$work/$apply_coupon.diff"
validate breaks-build "$work/$apply_coupon.diff" 1 "does not build"

diff_of src/cart.cpp 's|coupon->second.percent_off / 100;|coupon->second.percent_off / 50;|' "$work/$apply_coupon.diff"
validate breaks-test "$work/$apply_coupon.diff" 1 "repository's tests fail"

diff_of src/cart.cpp 's|// SKUs are "<department>-<6 digits>"; a coupon targets departments.|// SKUs are "<department>-<6 digits>"; coupons target departments.|' "$work/$apply_coupon.diff"
validate no-op "$work/$apply_coupon.diff" 1 "no significant speedup"

diff_of src/cart.cpp 's|        std::smatch parts;|        std::smatch parts;\n        for (int again = 0; again < 3; ++again) std::regex_match(line.sku, parts, std::regex(R"(([A-Z]{3})-(\\d{6}))"));|' "$work/$apply_coupon.diff"
validate slower "$work/$apply_coupon.diff" 1 "slower"

# A generated test that passes three times, then fails (the base run, the repository's ctest
# run, the first generated run): a repository template override, committed.
override=$repo/.github/medic/templates/tests
mkdir -p "$override"
counter=$work/validate/flaky.count # inside the work dir: the only place commands may write
cat > "$override/replay_test.cpp.mustache" <<TEMPLATE
// A deliberately flaky test (validate_cli_test.sh): passes on its first three runs only.
#include <fstream>
#include <gtest/gtest.h>
TEST({{suite}}, PassesThreeTimesThenFails) {
    int runs = 0;
    { std::ifstream in("$counter"); in >> runs; }
    std::ofstream("$counter") << runs + 1;
    EXPECT_LT(runs, 3);
}
TEMPLATE
git_commit_all "$repo" "a flaky test template"
diff_of src/cart.cpp 's|// SKUs are "<department>-<6 digits>"; a coupon targets departments.|// SKUs are "<department>-<6 digits>"; coupons target departments.|' "$work/$apply_coupon.diff"
validate flaky "$work/$apply_coupon.diff" 1 "flaky"
