#!/usr/bin/env bash
# `medic analyze` end to end on the shop: every seeded slow defect is explained by the check its
# manifest names, healthy handlers get no finding, and the SARIF output validates against the
# official SARIF 2.1.0 schema. Usage: analyze_cli_test.sh MEDIC SOURCE_ROOT shop|ledger
# (the shop run also checks OpenTelemetry code attributes and the SARIF output)
set -euo pipefail
medic=$1
root=$2
fixture=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache} # Medic configures the fixtures with CMake here

# analyze_fixture NAME: detect + analyze on the fixture's recorded telemetry; every seeded slow
# defect is explained by its manifest's check (a template's instances share one finding), and
# the healthy handlers, located, get none.
analyze_fixture() {
  local name=$1 status=0
  local service=$root/fixtures/services/$name manifest=$root/fixtures/services/$name/defects.json
  "$medic" detect --repo "$service" -t "$root/fixtures/telemetry/$name/events.jsonl" \
    --out "$work/$name-anomalies.json" >/dev/null || true
  "$medic" analyze --repo "$service" --anomalies "$work/$name-anomalies.json" --sarif "$work/$name.sarif" --json \
    > "$work/$name-analysis.json" 2> "$work/$name-stderr.txt" || status=$?
  [[ $status -eq 1 ]] || { echo "$name: expected exit 1 (findings), got $status"; cat "$work/$name-stderr.txt"; exit 1; }
  while IFS='=' read -r handler check; do
    jq -e --arg h "${handler%%<*}" --arg c "$check" \
      '.findings | any((.handler | sub("<.*$"; "")) == $h and .check == $c)' "$work/$name-analysis.json" >/dev/null \
      || { echo "$name: no $check finding for $handler"; exit 1; }
  done < <(jq -r '.defects[] | select(.kind == "slow") | .handler + "=" + .check' "$manifest")
  local misordered
  misordered=$(jq -r '.defects[] | select(.kind == "misordered") | .sequence' "$manifest")
  jq -e --arg s "$misordered" '.sequences | any(.sequence == $s)' "$work/$name-analysis.json" >/dev/null \
    || { echo "$name: the declaration of sequence $misordered was not found"; exit 1; }
  # The error path's message is traced to the file of the handler that fails.
  local errors_file
  errors_file=$(jq -r '.defects[] | select(.kind == "errors") | .file' "$manifest")
  jq -e --arg f "$errors_file" '.messages | any(.range.file == $f)' "$work/$name-analysis.json" >/dev/null \
    || { echo "$name: the error message was not traced to $errors_file: $(jq -c '.messages' "$work/$name-analysis.json")"; exit 1; }
  mapfile -t healthy < <(jq -r '.healthy[]' "$manifest")
  "$medic" analyze --repo "$service" --handler "${healthy[@]}" --json > "$work/$name-healthy.json" 2>/dev/null \
    || { echo "$name: healthy handlers have findings: $(jq -c '[.findings[] | {handler, check}]' "$work/$name-healthy.json")"; exit 1; }
  [[ $(jq '.sites | length' "$work/$name-healthy.json") -eq ${#healthy[@]} ]] || { echo "$name: healthy handlers not all located"; exit 1; }
}
analyze_fixture "$fixture"
if [[ $fixture != shop ]]; then
  echo "analyze CLI ($fixture): ok"
  exit 0
fi

# OpenTelemetry code attributes: a build machine's absolute path and a line lead to the function.
shop=$root/fixtures/services/shop
"$medic" locate --repo "$shop" --code /ci/agent/_work/shop/src/checkout.cpp:29 --json \
  > "$work/code.json" 2> "$work/code-stderr.txt"
jq -e '.sites[0].qualified_name == "shop::ValidateCart::handle"' "$work/code.json" >/dev/null \
  || { echo "--code did not lead to ValidateCart: $(cat "$work/code-stderr.txt")"; exit 1; }
# A report from the traces whose handler is a route, not a C++ name: its code.* evidence still
# leads analyze to the handler's function and its defect.
"$medic" detect --repo "$shop" -t "$root/fixtures/telemetry/shop/traces.otlp.jsonl" \
  --out "$work/traces-anomalies.json" >/dev/null || true
jq '.anomalies |= map(if .handler == "shop::ApplyCoupon::handle" then .handler = "POST /cart/coupon" else . end)' \
  "$work/traces-anomalies.json" > "$work/route-anomalies.json"
jq -e '.anomalies | any(.handler == "POST /cart/coupon" and .evidence.code.lineno > 0)' \
  "$work/route-anomalies.json" >/dev/null || { echo "the traces report has no code.* evidence"; exit 1; }
"$medic" analyze --repo "$shop" --anomalies "$work/route-anomalies.json" --json \
  > "$work/route-analysis.json" 2>/dev/null || true
jq -e '.findings | any(.handler == "POST /cart/coupon" and .check == "perf-regex-in-loop")' \
  "$work/route-analysis.json" >/dev/null \
  || { echo "code attributes did not lead analyze to ApplyCoupon's regex"; exit 1; }

cp "$work/shop.sarif" "$work/findings.sarif"
cp "$work/shop-analysis.json" "$work/analysis.json"

# SARIF: the official schema, and a broken copy must be rejected (the check can fail).
schema=$("$root/tests/support/install_sarif_schema.sh")
/usr/bin/python3 "$root/tests/support/validate_sarif.py" "$schema" "$work/findings.sarif"
jq '.runs[0].results[0].level = "severe"' "$work/findings.sarif" > "$work/broken.sarif"
if /usr/bin/python3 "$root/tests/support/validate_sarif.py" "$schema" "$work/broken.sarif" 2>/dev/null; then
  echo "the SARIF check accepted an invalid log"; exit 1
fi
[[ $(jq '.runs[0].results | length' "$work/findings.sarif") -eq $(jq '.findings | length' "$work/analysis.json") ]]
echo "analyze CLI: ok"
