#!/usr/bin/env bash
# Medic on code it did not write the way its other samples are written: the depot — cpp-httplib
# routes registered as lambdas and bound functions, a gRPC service, OTLP telemetry named by route
# and RPC method — with no hand-written harness. Every seeded slow defect is detected (healthy
# handlers are not), located at its manifest's lines with its manifest's check, drafted by a
# rule, and validated: the gRPC one with the depot's own benchmark before any harness exists,
# then the four routes' through the harness `medic init --harness` writes.
# Usage: depot_cli_test.sh MEDIC SOURCE_ROOT
set -euo pipefail
medic=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache}
repo=$work/depot
remote=$work/remote.git
manifest=$root/fixtures/services/depot/defects.json
telemetry=$root/fixtures/telemetry/depot/traces.otlp.jsonl.gz

fail() { echo "FAIL: $*" >&2; exit 1; }

source "$root/tests/support/git_copy.sh"
git_copy "$root/fixtures/services/depot" "$repo"
git init -q --bare "$remote"

# Detect: the five slow defects, nothing healthy.
status=0
"$medic" detect --repo "$repo" -t "$telemetry" --out "$work/anomalies.json" >/dev/null || status=$?
[[ $status -eq 1 ]] || fail "medic detect exited $status"
flagged=$(jq -r '[.anomalies[] | select(.kind == "slow") | .handler] | sort | join(",")' "$work/anomalies.json")
wanted=$(jq -r '[.defects[].handler] | sort | join(",")' "$manifest")
[[ $flagged == "$wanted" ]] || fail "slow anomalies: $flagged; the manifest's defects: $wanted"
for healthy in $(jq -r '.healthy[] | @base64' "$manifest"); do
  name=$(base64 -d <<< "$healthy")
  jq -e --arg h "$name" 'all(.anomalies[]; .handler != $h)' "$work/anomalies.json" >/dev/null \
    || fail "healthy $name was flagged"
done

# Analyze: each handler at its lines (a lambda where the route is registered), with its check.
"$medic" analyze --repo "$repo" --anomalies "$work/anomalies.json" --json \
  > "$work/analysis.json" 2>"$work/analyze.err" || [[ $? -eq 1 ]] || fail "medic analyze: $(cat "$work/analyze.err")"
while IFS=$'\t' read -r handler file line check; do
  jq -e --arg h "$handler" --arg f "$file" --argjson l "$line" \
    'any(.sites[]; .handler == $h and .definition.file == $f and .definition.begin_line == $l)' \
    "$work/analysis.json" >/dev/null || fail "$handler is not located at $file:$line: $(jq -c --arg h "$handler" '.sites[] | select(.handler == $h) | .definition' "$work/analysis.json")"
  jq -e --arg h "$handler" --arg c "$check" 'any(.findings[]; .handler == $h and .check == $c)' \
    "$work/analysis.json" >/dev/null || fail "no $check finding for $handler"
done < <(jq -r '.defects[] | [.handler, .file, .line_start, .check] | @tsv' "$manifest")

# A handler the code does not have is said to be not located, with its own exit status.
status=0
"$medic" analyze --repo "$repo" --handler "GET /nowhere" --no-color > "$work/nowhere.txt" 2>&1 || status=$?
[[ $status -eq 3 ]] && grep -q "not located: GET /nowhere" "$work/nowhere.txt" \
  || fail "an unknown handler: exit $status, $(cat "$work/nowhere.txt")"

run() {
  local out=$1 status=0
  shift
  "$medic" run --repo "$repo" -t "$telemetry" --provider rules --remote "$remote" --out "$out" \
    --work-dir "$work/validate" --no-color "$@" > "$out.log" 2>&1 || status=$?
  echo "$status"
}

# Before any harness: the gRPC fix is proved by the depot's own benchmark and published; the
# routes' fixes are not validated, and say what would validate them.
reserve=$(jq -r '.anomalies[] | select(.handler == "depot.Inventory/Reserve") | .id' "$work/anomalies.json")
search=$(jq -r '.anomalies[] | select(.handler == "GET /search") | .id' "$work/anomalies.json")
run "$work/before" --publish local --only "$reserve" "$search" >/dev/null
jq -e '.fixes[] | select(.handler == "depot.Inventory/Reserve") | .status == "published"' \
  "$work/before/run.json" >/dev/null || fail "the Reserve fix was not validated by BM_Reserve and published: $(cat "$work/before.log")"
jq -e '[.fixes[] | select(.handler == "depot.Inventory/Reserve")][0].verdict.benchmark.from_repository' \
  "$work/before/run.json" >/dev/null || fail "the Reserve fix was not measured with the depot's own benchmark"
jq -e '.fixes[] | select(.handler == "GET /search") | .status == "not validated" and (.reason | test("medic init --harness"))' \
  "$work/before/run.json" >/dev/null || fail "the route fix's refusal does not say how to validate it"

# medic init --harness, committed as a team would; then every fix is validated and published.
"$medic" init --harness --repo "$repo" --no-color > "$work/init.log" || fail "medic init: $(cat "$work/init.log")"
grep -q "depot.Inventory/Reserve" "$work/init.log" || fail "the harness does not call the gRPC methods: $(cat "$work/init.log")"
git_commit_all "$repo" "Medic's harness (medic init --harness)"
# medic doctor agrees: the harness target exists, every handler named can be located; and it
# says so when the configured target does not exist.
"$medic" doctor --repo "$repo" -t "$telemetry" --offline --no-color > "$work/doctor.log" 2>&1 \
  || fail "medic doctor: $(cat "$work/doctor.log")"
grep -q "✓ handlers in the telemetry: all 8 located" "$work/doctor.log" || fail "doctor: $(cat "$work/doctor.log")"
sed 's/target: depot_medic_harness/target: no_such_target/' "$repo/.github/medic.yml" > "$work/wrong.yml"
status=0
"$medic" doctor --repo "$repo" -c "$work/wrong.yml" --offline --no-color > "$work/doctor-wrong.log" 2>&1 || status=$?
[[ $status -eq 1 ]] && grep -q "no_such_target is not defined" "$work/doctor-wrong.log" \
  || fail "doctor passed a harness target that does not exist: $(cat "$work/doctor-wrong.log")"
# The four routes' fixes now (the gRPC one was published above, by the same benchmark the
# harness would pick for it).
mapfile -t routes < <(jq -r '.anomalies[] | select(.handler | startswith("depot.") | not) | .id' "$work/anomalies.json")
status=$(run "$work/after" --publish local --only "${routes[@]}")
[[ $status -eq 0 ]] || fail "medic run exited $status: $(tail -30 "$work/after.log")"
published=$(jq -rs '[.[].fixes[] | select(.status == "published") | .handler] | sort | join(",")' \
  "$work/before/run.json" "$work/after/run.json")
[[ $published == "$wanted" ]] || fail "published: $published; wanted $wanted: $(tail -30 "$work/after.log")"
branches=$(git --git-dir "$remote" for-each-ref --format='%(refname:short)' refs/heads | wc -l)
[[ $branches -eq 5 ]] || fail "$branches branches pushed"
# The const-reference fix edits the header that declares the callee, as the manifest says.
quotes=$(jq -r '.anomalies[] | select(.handler == "POST /quotes") | .id' "$work/anomalies.json")
grep -q "include/depot/pricing.hpp" "$work/after/$quotes/fix.diff" || fail "the quotes fix does not change the header"
[[ -z $(git -C "$repo" status --porcelain) ]] || fail "medic run wrote to the checkout"
echo "ok: the depot's five defects detected, located, drafted and validated without a hand-written harness"
jq -rs '.[].fixes[] | select(.status == "published") |
  "  \(.handler): \(.verdict.benchmark.speedup * 100 | round / 100)x, p = \(.verdict.benchmark.p_value)"' \
  "$work/before/run.json" "$work/after/run.json"
