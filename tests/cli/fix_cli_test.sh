#!/usr/bin/env bash
# `medic fix --provider rules` end to end on both sample services: every seeded defect a rule
# covers gets a draft; all drafts applied together to a copy of the service build, and the
# service's own tests stay green; the service itself is never written.
# Usage: fix_cli_test.sh MEDIC SOURCE_ROOT shop|ledger
set -euo pipefail
medic=$1
root=$2
fixture=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache} # Medic configures the fixtures with CMake here

# Seeded defects no rule fixes, by design: the linear searches (the shop's set of withdrawn
# SKUs is bound inside the loop; the ledger's search has a projection), so their check is not
# in the list below and the refusal must say why.
fixable_checks='["perf-regex-in-loop","perf-param-by-value","perf-push-back-without-reserve","perf-string-concat-in-loop","perf-endl-in-loop","perf-map-double-lookup","perf-range-for-copy"]'

tree_hash() { (cd "$1" && find . -path ./build -prune -o -type f -print0 | sort -z | xargs -0 sha1sum | sha1sum); }

fix_fixture() {
  local name=$1 status=0
  local service=$root/fixtures/services/$name manifest=$root/fixtures/services/$name/defects.json
  local before
  before=$(tree_hash "$service")
  "$medic" detect --repo "$service" -t "$root/fixtures/telemetry/$name/events.jsonl" \
    --out "$work/$name-anomalies.json" >/dev/null || true
  "$medic" fix --repo "$service" --anomalies "$work/$name-anomalies.json" --provider rules \
    --out "$work/$name-drafts" --json > "$work/$name-fix.json" 2> "$work/$name-stderr.txt" || status=$?
  [[ $status -eq 1 ]] || { echo "$name: expected exit 1 (some anomalies without a rule), got $status"; cat "$work/$name-stderr.txt"; exit 1; }
  [[ $(tree_hash "$service") == "$before" ]] || { echo "$name: medic fix wrote to the service"; exit 1; }
  # Every covered defect has a draft: its anomaly's, or an identical one's (template instances).
  while IFS=$'\t' read -r kind handler sequence; do
    jq -e --arg k "$kind" --arg h "${handler%%<*}" --arg s "$sequence" '
      any(.[]; .draft != null and .draft.kind == $k and
               ((.draft.handler | sub("<.*$"; "")) == $h or .draft.handler == $s))' \
      "$work/$name-fix.json" >/dev/null \
      || { echo "$name: no draft for the $kind defect of ${sequence:-$handler}"; jq -c '.[] | {anomaly, reasons}' "$work/$name-fix.json"; exit 1; }
  done < <(jq -r --argjson fixable "$fixable_checks" '.defects[]
      | select((.kind == "slow" and (.check as $c | $fixable | index($c))) or .kind == "misordered")
      | [.kind, .handler, (.sequence // "")] | @tsv' "$manifest")
  # The refusals say why.
  jq -e 'any(.[]; .draft == null and any(.reasons[]; test("unordered_set")))' "$work/$name-fix.json" >/dev/null \
    || { echo "$name: the linear search refusal does not say why"; jq -c '.[] | .reasons' "$work/$name-fix.json"; exit 1; }
  # All drafts together on a copy: they apply, it builds, its tests pass. The copy and its build
  # folder sit side by side as in a validation, so the files the drafts leave alone come from
  # the compiler cache the tests share (scripts/lib/common.sh: build_fixture_for_tests).
  local copy=$work/$name-copy/worktree build=$work/$name-copy/build
  mkdir -p "$copy"
  (cd "$service" && tar --exclude=./build -cf - .) | tar -xf - -C "$copy"
  for diff in "$work/$name-drafts"/*.diff; do
    (cd "$copy" && git apply --whitespace=nowarn "$diff") || { echo "$name: $(basename "$diff") does not apply"; exit 1; }
  done
  cmake -S "$copy" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" >/dev/null || { echo "$name: the patched service does not build"; cmake --build "$build" 2>&1 | tail -30; exit 1; }
  ctest --test-dir "$build" --output-on-failure >/dev/null || { echo "$name: the patched service's tests fail"; ctest --test-dir "$build" --output-on-failure | tail -40; exit 1; }
  echo "$name: $(ls "$work/$name-drafts"/*.diff | wc -l) drafts apply, build and pass the service's tests"
}
fix_fixture "$fixture"
echo "fix CLI ($fixture): ok"
