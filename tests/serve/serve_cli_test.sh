#!/usr/bin/env bash
# `medic serve` end to end, as GitHub would use it: every example payload GitHub's Octokit
# project publishes, signed with Octokit's method, is acknowledged and recorded; the events Medic
# processes are processed once (the JSON API shows them); forged, tampered, form-encoded,
# oversized and header-less deliveries are refused; SIGTERM stops it with exit 0, and after a
# restart on the same state directory a redelivery is a duplicate. Usage: serve_cli_test.sh MEDIC SOURCE_ROOT
set -euo pipefail
medic=$1
root=$2
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill -9 "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "serve_cli_test: $*" >&2; [[ -f $work/server.log ]] && cat "$work/server.log" >&2; exit 1; }

modules=$("$root/tests/support/webhooks/install.sh")/node_modules
export MEDIC_TEST_SECRET="s3cret-$RANDOM-$RANDOM"
limit=1048576
cat > "$work/server.yml" <<YAML
server:
  state_dir: $work/state
  workers: 2
  body_limit: 1MiB
  webhook_secret_env: MEDIC_TEST_SECRET
YAML

source "$root/tests/support/medic_serve.sh"
start_server() { start_medic_serve "$medic" "$work/server.yml" "$work/server.log" || fail "no server"; }

stop_server() { # stop_server: SIGTERM, exit 0 expected
  kill -TERM "$server_pid"
  local status=0
  wait "$server_pid" || status=$?
  server_pid=
  [[ $status -eq 0 ]] || fail "medic serve exited $status after SIGTERM"
  grep -q "stopped" "$work/server.log" || fail "no 'stopped' line after SIGTERM"
}

# Without a secret the server refuses to start, and says which variable to set.
status=0
MEDIC_TEST_SECRET= "$medic" serve --config "$work/server.yml" --listen 127.0.0.1:0 \
  2> "$work/nosecret.txt" || status=$?
[[ $status -eq 2 ]] || fail "expected exit 2 without a secret, got $status"
grep -q MEDIC_TEST_SECRET "$work/nosecret.txt" || fail "the error does not name the variable"

start_server
node "$root/tests/support/webhooks/send_deliveries.mjs" "$modules" "$url" "$MEDIC_TEST_SECRET" \
  run1 "$limit" > "$work/summary.json" || { cat "$work/summary.json"; fail "unexpected answers"; }
sent=$(jq .sent "$work/summary.json")
queued=$(jq .queued "$work/summary.json")
[[ $sent -ge 200 && $queued -ge 10 ]] || fail "too few examples: $(cat "$work/summary.json")"

# Every queued delivery is processed once, and none fails.
for _ in $(seq 1 100); do
  deliveries_json=$(node -e 'fetch(process.argv[1]).then(r => r.text()).then(t => console.log(t))' \
    "$url/api/deliveries?limit=1000")
  pending=$(jq '[.deliveries[] | select(.job == "queued" or .job == "running")] | length' <<< "$deliveries_json")
  [[ $pending -eq 0 ]] && break
  sleep 0.2
done
[[ $pending -eq 0 ]] || fail "$pending jobs still pending"
jq -e --argjson n "$((queued + 1))" \
  '[.deliveries[] | select(.job == "done")] | length == $n' <<< "$deliveries_json" > /dev/null ||
  fail "not every queued delivery is done: $(jq -c '[.deliveries[] | select(.job != null and .job != "done")]' <<< "$deliveries_json")"
jq -e '[.deliveries[] | select(.id == "run1-medic-pull")][0].outcome | test("merged")' \
  <<< "$deliveries_json" > /dev/null || fail "Medic's merged pull request is not recorded as merged"
jq -e '[.deliveries[] | select(.duplicates > 0)] | length == 1' <<< "$deliveries_json" > /dev/null ||
  fail "the redelivery is not counted once"
grep -q "$MEDIC_TEST_SECRET" "$work/server.log" && fail "the secret is in the server's log"

# The JSON API: the same jobs, each taken once; Medic's pull request among the closed ones; a
# bad parameter is a 400 that says what is allowed.
jobs=$(curl -sf "$url/api/jobs?state=done&limit=1000")
jq -e --argjson n "$((queued + 1))" '.jobs | length == $n and all(.attempts == 1 and .worker == null)' \
  <<< "$jobs" > /dev/null || fail "/api/jobs does not show every job done once: $(jq -c '.jobs[:3]' <<< "$jobs")"
jq -e '.open == [] and (.closed | map(select(.merged)) | length == 1)' \
  <<< "$(curl -sf "$url/api/pull-requests")" > /dev/null || fail "/api/pull-requests: $(curl -s "$url/api/pull-requests")"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$url/api/jobs?state=sleeping") == 400 ]] ||
  fail "an unknown job state is not a 400"
# A kept-alive connection serves more than cpp-httplib's default of 5 requests: 8 on one.
connects=$(curl -s -o /dev/null -w '%{num_connects}\n' $(printf "$url/healthz %.0s" {1..8}) |
  awk '{sum += $1} END {print sum}')
[[ $connects == 1 ]] || fail "8 requests on a kept-alive connection made $connects connections"

# /metrics is valid Prometheus text (promtool, Debian's prometheus package) and counts what
# happened: every delivery answered 202, each refusal by its status (413 by the transport).
node -e 'fetch(process.argv[1]).then(r => r.text()).then(t => process.stdout.write(t))' \
  "$url/metrics" > "$work/metrics.txt"
promtool check metrics < "$work/metrics.txt" || fail "promtool rejects /metrics"
metric() { awk -v name="$1" '$1 ~ "^"name {sum += $2} END {print sum + 0}' "$work/metrics.txt"; }
[[ $(metric 'medic_webhook_deliveries_total') -eq $((sent + 2)) ]] ||
  fail "deliveries_total is $(metric medic_webhook_deliveries_total), expected $((sent + 2))"
[[ $(metric 'medic_webhook_refusals_total\{code="401"\}') -eq 2 ]] || fail "401 refusals not counted"
[[ $(metric 'medic_webhook_refusals_total\{code="413"\}') -eq 1 ]] || fail "413 refusals not counted"
[[ $(metric 'medic_job_duration_seconds_count') -eq $((queued + 1)) ]] || fail "jobs not timed"
stop_server

# After a restart the store still holds everything: a redelivery is a duplicate.
start_server
first=$(jq -r '[.deliveries[] | select(.event == "ping")][0].id' <<< "$deliveries_json")
printf '%s' '{"zen":"again","hook_id":1}' > "$work/again.json"
answer=$(node "$root/tests/support/webhooks/send_one.mjs" "$modules" "$url" "$MEDIC_TEST_SECRET" \
  ping "$first" "$work/again.json")
[[ $answer == "202 "* && $answer == *'"duplicate"'* ]] ||
  fail "a redelivery after the restart is not a duplicate: $answer"
health=$(node -e 'fetch(process.argv[1]).then(r => r.text()).then(t => console.log(t))' "$url/healthz")
jq -e '.store == "ok" and .workers == 2 and .queued == 0' <<< "$health" > /dev/null ||
  fail "unhealthy: $health"
stop_server
echo "serve_cli_test: $sent deliveries, $queued processed, refusals $(jq -c .refused "$work/summary.json")"
