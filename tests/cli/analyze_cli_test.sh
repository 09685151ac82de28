#!/usr/bin/env bash
# `medic analyze` end to end on the shop: every seeded slow defect is explained by the check its
# manifest names, healthy handlers get no finding, and the SARIF output validates against the
# official SARIF 2.1.0 schema. Usage: analyze_cli_test.sh MEDIC SOURCE_ROOT
set -euo pipefail
medic=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shop=$root/fixtures/services/shop
manifest=$shop/defects.json
export XDG_CACHE_HOME=$work/cache # Medic configures the shop with CMake here

"$medic" detect --repo "$shop" -t "$root/fixtures/telemetry/shop/events.jsonl" --out "$work/anomalies.json" >/dev/null || true
status=0
"$medic" analyze --repo "$shop" --anomalies "$work/anomalies.json" --sarif "$work/findings.sarif" --json \
  > "$work/analysis.json" 2> "$work/stderr.txt" || status=$?
[[ $status -eq 1 ]] || { echo "expected exit 1 (findings), got $status"; cat "$work/stderr.txt"; exit 1; }

for row in $(jq -r '.defects[] | select(.kind == "slow") | .handler + "=" + .check' "$manifest"); do
  handler=${row%%=*} check=${row#*=}
  jq -e --arg h "$handler" --arg c "$check" '.findings | any(.handler == $h and .check == $c)' \
    "$work/analysis.json" >/dev/null || { echo "no $check finding for $handler"; exit 1; }
done

# Healthy handlers: located, and no finding at all.
mapfile -t healthy < <(jq -r '.healthy[]' "$manifest")
"$medic" analyze --repo "$shop" --handler "${healthy[@]}" --json > "$work/healthy.json" 2>/dev/null \
  || { echo "healthy handlers have findings: $(jq -c '[.findings[] | {handler, check}]' "$work/healthy.json")"; exit 1; }
[[ $(jq '.sites | length' "$work/healthy.json") -eq ${#healthy[@]} ]] || { echo "healthy handlers not all located"; exit 1; }

# SARIF: the official schema, and a broken copy must be rejected (the check can fail).
schema=$("$root/tests/support/install_sarif_schema.sh")
/usr/bin/python3 "$root/tests/support/validate_sarif.py" "$schema" "$work/findings.sarif"
jq '.runs[0].results[0].level = "severe"' "$work/findings.sarif" > "$work/broken.sarif"
if /usr/bin/python3 "$root/tests/support/validate_sarif.py" "$schema" "$work/broken.sarif" 2>/dev/null; then
  echo "the SARIF check accepted an invalid log"; exit 1
fi
[[ $(jq '.runs[0].results | length' "$work/findings.sarif") -eq $(jq '.findings | length' "$work/analysis.json") ]]
echo "analyze CLI: ok"
