#!/usr/bin/env bash
# Live OTLP through `medic serve`: the shop's recorded spans and logs, sent by the OpenTelemetry
# JavaScript SDK's own OTLP HTTP JSON exporters (traces gzip-compressed) with a repository's
# bearer token, must lead to the same anomalies as `medic detect` on the files; the window
# survives a restart (replayed from its spool); a pipeline run is queued for an installed
# repository; and bad exports get the answers the OTLP/HTTP specification asks for. The store is
# the state directory's SQLite file, or, with `postgresql`, a database on a PostgreSQL server the
# test starts.
#   Usage: serve_live_otlp_test.sh MEDIC SOURCE_ROOT [sqlite|postgresql]
set -euo pipefail
medic=$1
root=$2
backend=${3:-sqlite}
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ $backend == sqlite ]] || "$root/tests/support/postgresql_server.sh" stop "$work/postgresql"
  rm -rf "$work"
}
trap cleanup EXIT
[[ -n ${MEDIC_KEEP_WORK:-} ]] && trap "kill \$server_pid 2>/dev/null; echo kept \$work" EXIT
fail() { echo "FAIL: $*" >&2; [[ -f $work/serve.log ]] && tail -20 "$work/serve.log" >&2; exit 1; }
source "$root/tests/support/medic_serve.sh"

telemetry=$root/fixtures/telemetry/shop
shop=$root/fixtures/services/shop
export MEDIC_WEBHOOK_SECRET=live-otlp-webhook-secret
export MEDIC_TEST_SHOP_TOKEN=shop-token-5e1f0c
export MEDIC_TEST_OTHER_TOKEN=other-token-77aa21
cat > "$work/server.yml" <<EOF
version: 1
server:
  state_dir: $work/state
  workers: 1
  telemetry_interval: 300ms
  repositories:
    acme/shop:
      telemetry_token_env: MEDIC_TEST_SHOP_TOKEN
      config: $shop/.github/medic.yml
    acme/other:
      telemetry_token_env: MEDIC_TEST_OTHER_TOKEN
EOF
if [[ $backend == postgresql ]]; then
  "$root/tests/support/postgresql_server.sh" start "$work/postgresql" > /dev/null
  store=$("$root/tests/support/postgresql_server.sh" database "$work/postgresql" medic)
  sed -i "s|^  state_dir: .*|&\n  store: $store|" "$work/server.yml"
fi

# What `medic detect` finds in the same telemetry, as files.
"$medic" detect --repo "$shop" -t "$telemetry/traces.otlp.jsonl" "$telemetry/logs.jsonl" --json \
  --out "$work/files.json" --save-summary "$work/files-summary.json" > /dev/null || true
jq -S '[.anomalies[].id] | sort' "$work/files.json" > "$work/files.ids"
[[ $(jq length "$work/files.ids") -ge 3 ]] || fail "medic detect found too little to compare: $(cat "$work/files.ids")"

start_medic_serve "$medic" "$work/server.yml" "$work/serve.log" || fail "medic serve did not start"

# An installation that grants acme/shop: live anomalies there become a pipeline run.
installation='{"action":"created","installation":{"id":4242,"account":{"login":"acme"}},"repositories":[{"full_name":"acme/shop"}]}'
signature=sha256=$(printf '%s' "$installation" | openssl dgst -sha256 -hmac "$MEDIC_WEBHOOK_SECRET" | sed 's/^.* //')
curl -sf -X POST "$url/webhook" -H 'Content-Type: application/json' -H 'X-GitHub-Event: installation' \
  -H 'X-GitHub-Delivery: live-install-1' -H "X-Hub-Signature-256: $signature" --data-binary "$installation" > /dev/null ||
  fail "the installation delivery was refused"
[[ $(jq -r .job <<< "$(finished_delivery live-install-1)") == done ]] || fail "the installation was not recorded"

# Bad exports, on acme/other (so the shop's window holds only the SDK's telemetry).
post() { # post PATH STATUS [curl args...]: fails unless the answer has STATUS; body in $work/answer
  local path=$1 want=$2 got
  shift 2
  got=$(curl -s -o "$work/answer" -w '%{http_code}' -X POST "$url$path" "$@")
  [[ $got == "$want" ]] || fail "POST $path $*: expected $want, got $got: $(cat "$work/answer")"
}
spans='{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"01","spanId":"02","name":"GET /ok","kind":2,"startTimeUnixNano":"1795132800000000000","endTimeUnixNano":"1795132800002000000"},{"traceId":"01","spanId":"03","name":"GET /bad","kind":2,"startTimeUnixNano":"1795132800000000000"}]}]}]}'
json=(-H 'Content-Type: application/json')
post /v1/traces 401 "${json[@]}" --data-binary "$spans"
post /v1/traces 401 "${json[@]}" -H 'Authorization: Bearer not-a-token' --data-binary "$spans"
jq -e '.code == 16 and (.message | test("Bearer"))' "$work/answer" > /dev/null || fail "401 without a google.rpc.Status body"
auth=(-H "Authorization: Bearer $MEDIC_TEST_OTHER_TOKEN")
post /v1/traces 415 "${auth[@]}" -H 'Content-Type: application/x-protobuf' --data-binary "$spans"
jq -e '.message | test("encoding")' "$work/answer" > /dev/null || fail "415 does not say how to switch the exporter"
post /v1/traces 400 "${auth[@]}" "${json[@]}" --data-binary '{"resourceSpans":'
post /v1/logs 400 "${auth[@]}" "${json[@]}" --data-binary "$spans"
post /v1/traces 400 "${auth[@]}" "${json[@]}" -H 'Content-Encoding: gzip' --data-binary 'not gzip'
post /v1/traces 200 "${auth[@]}" "${json[@]}" --data-binary "$spans"
jq -e '.partialSuccess.rejectedSpans == "1" and (.partialSuccess.errorMessage | test("end"))' "$work/answer" > /dev/null ||
  fail "a span without an end time must be refused in partialSuccess: $(cat "$work/answer")"
printf '%s' "$spans" | gzip -c > "$work/spans.gz"
post /v1/traces 200 "${auth[@]}" "${json[@]}" -H 'Content-Encoding: gzip' --data-binary "@$work/spans.gz"

# The shop's telemetry through the SDK's exporters.
prefix=$("$root/tests/support/otel_js/install.sh" sdk2) || fail "installing the OpenTelemetry SDK"
node "$root/tests/support/otel_js/live_shop.js" "$prefix" "$telemetry/traces.otlp.jsonl" \
  "$telemetry/logs.jsonl" "$url" "$MEDIC_TEST_SHOP_TOKEN" "$work/sent.json" ||
  fail "the SDK's exporters failed: $(cat "$work/sent.json" 2>/dev/null)"

shop_status() { curl -sf "$url/api/telemetry" | jq -c '.repositories[] | select(.repository == "acme/shop")'; }
# judged: the last pass saw every record that arrived.
wait_judged() {
  local status
  for _ in $(seq 1 150); do
    status=$(shop_status)
    if [[ -n $status ]] && jq -e '.judged_records == .spans + .log_records and .judged_at != null and .spans > 0' <<< "$status" > /dev/null; then
      echo "$status"
      return 0
    fi
    sleep 0.2
  done
  fail "live telemetry was not judged: $status"
}
status=$(wait_judged)
read -r file_spans file_logs < <(jq -r '[.ingest.sources[0].records, .ingest.sources[1].records] | @tsv' "$work/files-summary.json")
[[ $(jq .spans <<< "$status") -eq $file_spans ]] || fail "$file_spans spans in the file, $(jq .spans <<< "$status") live"
[[ $(jq .log_records <<< "$status") -eq $file_logs ]] || fail "$file_logs log lines in the file, $(jq .log_records <<< "$status") live"
[[ $(jq .malformed <<< "$status") -eq 0 ]] || fail "the SDK's exports had malformed records: $status"

live_report=$work/state/telemetry/acme/shop/anomalies.json
jq -S '[.anomalies[].id] | sort' "$live_report" > "$work/live.ids"
diff "$work/files.ids" "$work/live.ids" > /dev/null ||
  fail "live anomalies differ from medic detect's: $(diff <(jq -r '.anomalies[] | .kind + " " + .handler + .sequence' "$work/files.json" | sort) <(jq -r '.anomalies[] | .kind + " " + .handler + .sequence' "$live_report" | sort))"
[[ $(jq -S "[.anomalies[].id] | sort" <<< "$status") == "$(jq -S . "$work/live.ids")" ]] || fail "/api/telemetry disagrees with anomalies.json: $(jq -c "[.anomalies[].id]" <<< "$status") $(jq -c . "$work/live.ids")"

# Pipeline runs queued for them (one per pass that found new ones) as medic_telemetry
# deliveries, together handing over every anomaly once.
runs=$(curl -sf "$url/api/deliveries?limit=100" | jq -c '[.deliveries[] | select(.event == "medic_telemetry")]')
[[ $(jq length <<< "$runs") -ge 1 ]] || fail "expected a medic_telemetry delivery: $runs"
jq -e 'all(.[]; .repository == "acme/shop" and .action == "medic-anomaly-report")' <<< "$runs" > /dev/null || fail "$runs"
[[ $(jq -S '.reported | sort' <<< "$status") == "$(jq -S . "$work/live.ids")" ]] || fail "the runs do not hand over every anomaly once: $status"

# The metrics count what arrived, and pass promtool.
curl -sf "$url/metrics" > "$work/metrics.txt"
grep -q '^medic_otlp_records_total{signal="traces",result="accepted"} ' "$work/metrics.txt" || fail "no OTLP counters in /metrics"
promtool check metrics < "$work/metrics.txt" > /dev/null 2>&1 || fail "promtool: $(promtool check metrics < "$work/metrics.txt" 2>&1)"

# A restart replays the window from its spool: the same counts, the same anomalies, no new run.
kill -TERM "$server_pid"; wait "$server_pid" || fail "medic serve did not stop cleanly"; server_pid=
start_medic_serve "$medic" "$work/server.yml" "$work/serve.log" || fail "medic serve did not start again"
status=$(wait_judged)
[[ $(jq .spans <<< "$status") -eq $file_spans && $(jq .log_records <<< "$status") -eq $file_logs ]] ||
  fail "after the restart the window holds other counts: $status"
[[ $(jq -S '[.anomalies[].id] | sort' <<< "$status") == "$(jq -S . "$work/live.ids")" ]] || fail "after the restart: other anomalies"
[[ $(curl -sf "$url/api/deliveries?limit=100" | jq '[.deliveries[] | select(.event == "medic_telemetry")] | length') -eq $(jq length <<< "$runs") ]] ||
  fail "the restart queued the same anomalies again"
echo "live OTLP: $file_spans spans and $file_logs log records from the SDK's exporters, $(jq length "$work/live.ids") anomalies as medic detect finds"
