#!/usr/bin/env bash
# Checks an anomaly report against the shop's defect manifest: every seeded slow handler, the
# misordered sequence and the error path are reported, no healthy handler is, and the failures
# of the misordered step are linked to the misordering. Used by tests/cli and scripts/demo.
#   check_report_against_manifest.sh REPORT.json DEFECTS.json [--untested]
# With --untested (a report made with `detect --find-untested`) the untested defect must be
# reported too.
set -euo pipefail
report=$1
manifest=$2
with_untested=${3:-}
problems=0
problem() { echo "  missing or wrong: $*" >&2; problems=$((problems + 1)); }

for handler in $(jq -r '.defects[] | select(.kind == "slow") | .handler' "$manifest"); do
  jq -e --arg h "$handler" '.anomalies | any(.kind == "slow" and .handler == $h)' "$report" >/dev/null \
    || problem "slow anomaly for $handler"
done
for sequence in $(jq -r '.defects[] | select(.kind == "misordered") | .sequence' "$manifest"); do
  jq -e --arg s "$sequence" '.anomalies | any(.kind == "misordered" and .sequence == $s)' "$report" >/dev/null \
    || problem "misordered anomaly for sequence $sequence"
done
for handler in $(jq -r '.defects[] | select(.kind == "errors") | .handler' "$manifest"); do
  jq -e --arg h "$handler" '.anomalies | any(.kind == "errors" and .handler == $h)' "$report" >/dev/null \
    || problem "errors anomaly for $handler"
done
if [[ $with_untested == --untested ]]; then
  for handler in $(jq -r '.defects[] | select(.kind == "untested") | .handler' "$manifest"); do
    jq -e --arg h "$handler" '.anomalies | any(.kind == "untested" and .handler == $h)' "$report" >/dev/null \
      || problem "untested anomaly for $handler"
  done
fi
# A healthy handler may only carry the `untested` anomaly the manifest gives it.
for handler in $(jq -r '.healthy[]' "$manifest"); do
  untested=$(jq --arg h "$handler" '[.defects[] | select(.kind == "untested" and .handler == $h)] | length' "$manifest")
  if jq -e --arg h "$handler" --argjson u "$untested" \
       '.anomalies | any(.handler == $h and (.kind != "untested" or $u == 0))' "$report" >/dev/null; then
    problem "healthy handler $handler must not be reported"
  fi
done
# The misordered defect names the step that fails because of the order: its errors must be
# linked to the misordered anomaly as a symptom.
for handler in $(jq -r '.defects[] | select(.kind == "misordered") | .handler' "$manifest"); do
  jq -e --arg h "$handler" '(.anomalies[] | select(.kind == "misordered") | .id) as $cause
         | .anomalies | any(.kind == "errors" and .handler == $h and (.related | index($cause)))' "$report" >/dev/null \
    || problem "$handler errors linked to the misordered sequence"
done

expected=$(jq --arg u "$with_untested" '[.defects[] | select(.kind != "untested" or $u == "--untested")] | length' "$manifest")
if ((problems > 0)); then
  echo "report does not match the manifest: $problems problem(s)" >&2
  exit 1
fi
echo "all $expected detectable seeded defects reported, no healthy handler flagged"
