#!/usr/bin/env bash
# OTLP/JSON as real exporters write it: the OpenTelemetry JavaScript SDK (both lines that run on
# Node 20) generates spans with unset, ok and error status, events, links, remote parents,
# resource attributes, every attribute type and the HTTP, RPC, messaging and code conventions;
# with the hand-written edge cases of tests/telemetry/otlp/. Every span must be read or counted
# with its reason, no command may end with an internal error, and handlers are known by the
# names the conventions give them.   Usage: otlp_corpus_test.sh MEDIC SOURCE_ROOT
set -euo pipefail
medic=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# detect_on FILE NAME: the report and the summary of FILE; exit 0 or 1, never 2 (or a crash).
detect_on() {
  local status=0
  "$medic" detect -t "$1" --out "$work/$2-report.json" --save-summary "$work/$2-summary.json" \
    --json >/dev/null 2>"$work/$2-stderr.txt" || status=$?
  [[ $status -le 1 ]] || fail "$2: medic detect exited $status: $(cat "$work/$2-stderr.txt")"
  ! grep -qi "internal error" "$work/$2-stderr.txt" || fail "$2: $(cat "$work/$2-stderr.txt")"
}

# expect NAME JQ-FILTER: the filter holds on NAME's summary.
expect() {
  jq -e "$2" "$work/$1-summary.json" >/dev/null ||
    fail "$1: expected $2; handlers: $(jq -c '[.handlers[] | {handler, names, count, errors}]' "$work/$1-summary.json")"
}

# Spans taken in + outgoing calls + run envelopes + malformed spans = every span written.
accounted() {
  jq '.ingest.sources[0] | .records + .outgoing_spans + .envelope_spans + .malformed' "$work/$1-summary.json"
}

for line in sdk1 sdk2; do
  prefix=$("$root/tests/support/otel_js/install.sh" "$line") || fail "installing the $line packages"
  node "$root/tests/support/otel_js/spans.js" "$prefix" "$work/$line.jsonl" "$work/$line-written.json" ||
    fail "$line: the SDK's spans.js failed"
  detect_on "$work/$line.jsonl" "$line"
  written=$(jq .spans "$work/$line-written.json")
  [[ $(accounted "$line") -eq $written ]] ||
    fail "$line: $written spans written, $(accounted "$line") accounted for: $(jq -c .ingest "$work/$line-summary.json")"
  expect "$line" ".ingest.sources[0].malformed == 0 and .ingest.sources[0].outgoing_spans == $(jq .outgoing "$work/$line-written.json")"
  # One handler, several names: the route for HTTP, the RPC method (old and new conventions),
  # the function for code.* spans, the span name for the rest.
  expect "$line" '[.handlers[] | select(.handler == "GET /items/:id" and .names.route == "GET /items/:id")] | length == 1'
  expect "$line" '[.handlers[] | select(.handler == "depot.Inventory/Reserve" and .errors == 0)] | length == 1'
  expect "$line" '[.handlers[] | select(.handler == "depot.Inventory/Lookup" and .errors == 1)] | length == 1'
  expect "$line" '[.handlers[] | select(.handler == "depot::load_item" and .names.span == "load_item" and .code.lineno == 31)] | length == 1'
  expect "$line" '[.handlers[] | select(.handler == "process orders.created" and .names.topic == "orders.created")] | length == 1'
  expect "$line" '[.handlers[] | select(.handler == "depot::save_order" and .errors == 1)] | length == 1'
  # An error status without a message is explained by the exception event recordException wrote.
  expect "$line" '[.error_templates[] | select(.handler == "POST /orders" and .pattern == "order <*> has no lines")] | length == 1'
  expect "$line" '[.handlers[] | select(.handler == "SELECT items" or .handler == "send orders.created")] | length == 0'
done

edge=$root/tests/telemetry/otlp/edge_cases.jsonl
detect_on "$edge" edge
[[ $(accounted edge) -eq 15 ]] || fail "edge cases: 15 spans (12 usable, 3 not), $(accounted edge) accounted for"
expect edge '.ingest.sources[0].records == 11 and .ingest.sources[0].malformed == 4'
expect edge '[.ingest.malformed[] | select(.line == 5 and (.reason | test("3 span.*no start.*ends before it starts.*not a JSON object")))] | length == 1'
expect edge '[.ingest.malformed[] | select(.line == 12 and (.reason | test("breaks off after 2 span")))] | length == 1'
for handler in 'GET /unset' numeric edge::snake nulls fine 'PUT /legacy/{id}' 'HTTP /cache' edge.Svc/Call unknowns before_cut_1 before_cut_2; do
  expect edge "[.handlers[] | select(.handler == \"$handler\")] | length == 1"
done
expect edge '[.handlers[] | select(.handler == "edge::snake" and .errors == 1)] | length == 1'
expect edge '[.handlers[] | select(.handler == "numeric" and .errors == 0)] | length == 1'
expect edge '[.handlers[] | select(.handler == "PUT /legacy/{id}" and .names.function == "edge::Legacy::handle")] | length == 1'

# The same spans as one pretty-printed document, and gzipped, read the same.
jq -s '{resourceSpans: [.[].resourceSpans[]]}' "$work/sdk2.jsonl" >"$work/document.json"
detect_on "$work/document.json" document
[[ $(accounted document) -eq $(jq .spans "$work/sdk2-written.json") ]] || fail "document: spans not all accounted for"
gzip -c "$edge" >"$work/edge.jsonl.gz"
detect_on "$work/edge.jsonl.gz" gzipped
[[ $(accounted gzipped) -eq 15 ]] || fail "gzipped edge cases: $(accounted gzipped) spans accounted for"
echo "OTLP corpus: every span of the JavaScript SDK (1.x, 2.x) and of the edge cases accounted for"
