#!/usr/bin/env bash
# `medic detect` end to end on the recorded shop telemetry: exit code, report schema, ranking,
# stdin and gzip inputs, and a usage error. Usage: detect_cli_test.sh MEDIC SOURCE_ROOT
set -euo pipefail
medic=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
telemetry=$root/fixtures/telemetry/shop
schema=$root/docs/schema/anomaly-report.v1.schema.json
validate=$root/tests/support/validate_json_schema.py

status=0
"$medic" detect --repo "$root/fixtures/services/shop" --no-color \
  -t "$telemetry/events.jsonl" "$telemetry/logs.jsonl" \
  --out "$work/report.json" > "$work/table.txt" || status=$?
[[ $status -eq 1 ]] || { echo "expected exit 1 (anomalies found), got $status"; cat "$work/table.txt"; exit 1; }
/usr/bin/python3 "$validate" "$schema" "$work/report.json"

# The validator must be able to fail: a report with a bad kind is rejected.
jq '.anomalies[0].kind = "sluggish"' "$work/report.json" > "$work/broken.json"
if /usr/bin/python3 "$validate" "$schema" "$work/broken.json" 2>/dev/null; then
  echo "schema check accepted an invalid report"; exit 1
fi

# Every seeded defect is reported and no healthy handler is.
"$root/tests/support/check_report_against_manifest.sh" "$work/report.json" "$root/fixtures/services/shop/defects.json"

# The OTLP traces (the same calls, another format) lead to the same anomalies.
"$medic" detect --repo "$root/fixtures/services/shop" -t "$telemetry/traces.otlp.jsonl" --json --out - > "$work/traces.json" || true
diff <(jq -S '[.anomalies[].id] | sort' "$work/report.json") <(jq -S '[.anomalies[].id] | sort' "$work/traces.json")

# gzip and stdin give the same anomalies as the plain file, with the same exit code.
gzip -c "$telemetry/events.jsonl" > "$work/events.jsonl.gz"
run_ids() { # run_ids NAME ARGS...: report ids to $work/NAME.ids, fails unless exit 1
  local name=$1 status=0
  shift
  "$medic" detect --repo "$root/fixtures/services/shop" --json --out - "$@" > "$work/$name.json" || status=$?
  [[ $status -eq 1 ]] || { echo "$name: expected exit 1, got $status"; exit 1; }
  jq -S '[.anomalies[].id] | sort' "$work/$name.json" > "$work/$name.ids"
  [[ $(jq length "$work/$name.ids") -gt 0 ]] || { echo "$name: no anomalies"; exit 1; }
}
run_ids plain -t "$telemetry/events.jsonl"
run_ids gz -t "$work/events.jsonl.gz"
run_ids stdin -t - < "$telemetry/events.jsonl"
diff "$work/plain.ids" "$work/gz.ids"
diff "$work/plain.ids" "$work/stdin.ids"

# Problems with the baseline inputs are reported too, not only the current ones; baseline
# inputs that gave nothing make it an input error (exit 2), after the report is written.
printf '{"handler":"h","duration_ms":"x"}\n' > "$work/base_bad.jsonl"
status=0
"$medic" detect --repo "$root/fixtures/services/shop" --json --out - -t "$telemetry/events.jsonl" \
  -b "$telemetry/events.jsonl" "$work/base_bad.jsonl" "$work/missing.jsonl" \
  > "$work/with_baseline.json" 2> "$work/baseline-err.txt" || status=$?
[[ $status -eq 2 ]] && grep -q "the baseline's .*missing.jsonl" "$work/baseline-err.txt" \
  || { echo "with a bad baseline: exit $status, $(cat "$work/baseline-err.txt")"; exit 1; }
jq -e '.baseline_ingest.malformed_total == 1 and
       (.baseline_ingest.sources | any(.error | test("missing.jsonl")))' "$work/with_baseline.json" >/dev/null \
  || { echo "baseline problems are not in the report"; exit 1; }
/usr/bin/python3 "$validate" "$schema" "$work/with_baseline.json"

# --find-untested locates the busy handlers with Clang and reports the one no test calls.
XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache} "$medic" detect --repo "$root/fixtures/services/shop" --find-untested \
  -t "$telemetry/events.jsonl" "$telemetry/logs.jsonl" --out "$work/untested.json" > /dev/null 2>&1 || true
"$root/tests/support/check_report_against_manifest.sh" "$work/untested.json" "$root/fixtures/services/shop/defects.json" --untested
/usr/bin/python3 "$validate" "$schema" "$work/untested.json"

# Usage errors exit 2 with a message.
status=0
"$medic" detect -t "$work/does-not-exist.jsonl" 2> "$work/err.txt" || status=$?
[[ $status -eq 2 ]] || { echo "expected exit 2 for a missing file, got $status"; exit 1; }
grep -q "does-not-exist.jsonl" "$work/err.txt"

# An input that gives nothing next to a good one: the report of what was read is written, and
# the exit status says the input was bad — never "no anomalies found".
: > "$work/empty.jsonl"
head -c 2000000 /dev/zero > "$work/zeros.bin"
for bad in "$work/empty.jsonl" "$work/zeros.bin" "$work/does-not-exist.jsonl"; do
  status=0
  "$medic" detect -t "$telemetry/events.jsonl" "$bad" --out "$work/partial.json" \
    > /dev/null 2> "$work/err.txt" || status=$?
  [[ $status -eq 2 ]] || { echo "expected exit 2 for $bad next to a good file, got $status"; exit 1; }
  grep -q "nothing was read from $bad" "$work/err.txt" || { echo "no reason for $bad: $(cat "$work/err.txt")"; exit 1; }
  [[ $(jq '.ingest.sources[0].records' "$work/partial.json") -gt 0 ]] || { echo "the good input was lost"; exit 1; }
done

# A non-UTF-8 byte in a reason (a timestamp cut inside a character) cannot lose the report.
printf '{"ts":"2026-11-20T10:00:00Z%s\xe2\x82\xac","handler":"h","duration_ms":1}\n' \
  "$(printf 'x%.0s' $(seq 1 19))" > "$work/cut.jsonl"
cat "$telemetry/events.jsonl" >> "$work/cut.jsonl"
"$medic" detect -t "$work/cut.jsonl" --json --out "$work/cut-report.json" > /dev/null 2>&1 || [[ $? -eq 1 ]] \
  || { echo "a cut character aborted detect"; exit 1; }
jq -e '.ingest.malformed[0].reason | test("RFC 3339")' "$work/cut-report.json" > /dev/null

# Output that cannot be written (a full disk) is an error, not exit 0 or 1.
for target in "--json --out -" "--out /dev/full"; do
  status=0
  # shellcheck disable=SC2086 # the options are two words on purpose
  "$medic" detect -t "$telemetry/events.jsonl" $target > /dev/full 2> "$work/err.txt" || status=$?
  [[ $status -eq 2 ]] || { echo "writing to a full disk ($target): exit $status"; exit 1; }
done
echo "detect CLI: ok"
