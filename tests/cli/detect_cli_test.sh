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

# stdin and gzip give the same anomalies as the plain file.
gzip -c "$telemetry/events.jsonl" > "$work/events.jsonl.gz"
"$medic" detect --repo "$root/fixtures/services/shop" -t "$work/events.jsonl.gz" --json --out - > "$work/gz.json" || true
"$medic" detect --repo "$root/fixtures/services/shop" -t - --json --out - < "$telemetry/events.jsonl" > "$work/stdin.json" || true
diff <(jq -S '[.anomalies[].id]' "$work/gz.json") <(jq -S '[.anomalies[].id]' "$work/stdin.json")

# Usage errors exit 2 with a message.
status=0
"$medic" detect -t "$work/does-not-exist.jsonl" 2> "$work/err.txt" || status=$?
[[ $status -eq 2 ]] || { echo "expected exit 2 for a missing file, got $status"; exit 1; }
grep -q "does-not-exist.jsonl" "$work/err.txt"
echo "detect CLI: ok"
