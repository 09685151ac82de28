#!/usr/bin/env bash
# Recovery of deliveries GitHub could not make while `medic serve` was down: the local GitHub
# API server's delivery log (GET /app/hook/deliveries, checked against GitHub's OpenAPI
# description, the App's JWT) holds events whose every attempt failed; medic serve reads it at
# start and every second, asks for each missed one again (POST .../attempts), and the API
# server redelivers them signed with the webhook secret, keeping their ids: they are recorded and
# processed (recovery starts once the server listens). Left alone: an event that was delivered on a later attempt, one the store already
# holds (only the answer was lost), and one redelivered three times in vain (a rotated secret).
# Usage: serve_recovery_test.sh MEDIC SOURCE_ROOT
set -euo pipefail
medic=$1
root=$2
work=$(mktemp -d)
server_pid=
source "$root/tests/support/github_servers.sh"
source "$root/tests/support/medic_serve.sh"
cleanup() {
  [[ -n $server_pid ]] && kill -9 "$server_pid" 2>/dev/null || true
  stop_github_servers
  if [[ -n ${MEDIC_KEEP_TEST_WORK-} ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "serve_recovery_test: $*" >&2; [[ -f $work/server.log ]] && tail -30 "$work/server.log" >&2; exit 1; }

modules=$("$root/tests/support/webhooks/install.sh")/node_modules
export MEDIC_TEST_SECRET="recover-$RANDOM-$RANDOM"
example() { node "$root/tests/support/webhooks/example.mjs" "$modules" "$@"; }

make_app_key "$work"
cat > "$work/api.json" <<JSON
{ "owner": "acme", "repo": "shop",
  "app": { "id": 4242, "installation_id": 77, "public_key_file": "$work/app.pub.pem" } }
JSON
start_github_api "$root" "$work" "$work/api.json"
admin() { curl -sf -X POST "$api_url/__admin/$1" -H 'Content-Type: application/json' -d "$2" > /dev/null; }

# What GitHub logged while the server was down (status_code 0: no answer).
installation=$(example installation created | jq -c '.installation.id = 501')
added=$(example installation_repositories added | jq -c '.installation.id = 501')
ping=$(example ping -)
admin hook_deliveries "$(jq -n --argjson i "$installation" --argjson a "$added" --argjson p "$ping" '[
  {guid: "missed-installation", event: "installation", payload: $i, status_code: 0},
  {guid: "missed-repositories", event: "installation_repositories", payload: $a, status_code: 0},
  {guid: "missed-ping", event: "ping", payload: $p, status_code: 502},
  {guid: "late-success", event: "ping", payload: $p, status_code: 0},
  {guid: "late-success", event: "ping", payload: $p, status_code: 202},
  {guid: "answer-lost", event: "ping", payload: $p, status_code: 0},
  {guid: "hopeless", event: "ping", payload: $p, status_code: 401},
  {guid: "hopeless", event: "ping", payload: $p, status_code: 401, redelivery: true},
  {guid: "hopeless", event: "ping", payload: $p, status_code: 401, redelivery: true},
  {guid: "hopeless", event: "ping", payload: $p, status_code: 401, redelivery: true}]')"

cat > "$work/server.yml" <<YAML
server:
  state_dir: $work/state
  workers: 1
  webhook_secret_env: MEDIC_TEST_SECRET
  recovery_interval: 1s
YAML
# An earlier run (no App configured: no recovery) recorded "answer-lost", though GitHub saw no
# answer.
start_medic_serve "$medic" "$work/server.yml" "$work/server.log" || fail "no server"
echo "$ping" > "$work/ping.json"
answer=$(node "$root/tests/support/webhooks/send_one.mjs" "$modules" "$url" "$MEDIC_TEST_SECRET" \
  ping answer-lost "$work/ping.json")
[[ $answer == "202 "* ]] || fail "answer-lost not recorded: $answer"
kill -TERM "$server_pid"
wait "$server_pid" || fail "exit $? after SIGTERM"
# GitHub knows where the webhook is; the server starts again there, with recovery.
admin webhook "$(jq -n --arg url "$url/webhook" --arg secret "$MEDIC_TEST_SECRET" '{url: $url, secret: $secret}')"
cat >> "$work/server.yml" <<YAML
github:
  api_url: $api_url
  app_id: "4242"
  private_key_file: $work/app.pem
YAML
start_medic_serve "$medic" "$work/server.yml" "$work/server.log" "${url#http://}" ||
  fail "no server on ${url#http://} again"
for guid in missed-installation missed-repositories missed-ping; do
  [[ $(finished_delivery "$guid" | jq -r .job) == done ]] ||
    fail "$guid was not recovered: $(curl -sf "$url/api/deliveries")"
done
sleep 2.5 # two more passes: nothing else may be asked for
state=$(curl -sf "$api_url/__admin/state")
asked=$(jq -c '[.redelivery_requests[].guid] | unique' <<< "$state")
[[ $asked == '["missed-installation","missed-ping","missed-repositories"]' ]] ||
  fail "unexpected redeliveries asked for: $asked"
[[ $(curl -sf "$api_url/__admin/violations" | jq length) == 0 ]] ||
  fail "requests that do not conform to GitHub's OpenAPI: $(curl -sf "$api_url/__admin/violations")"
grep -q "recovery: asked GitHub to deliver missed-installation" "$work/server.log" ||
  fail "the server log does not say what it recovered"
kill -TERM "$server_pid"
wait "$server_pid" || fail "exit $? after SIGTERM"
server_pid=
echo "ok: recovered $(jq -r 'join(", ")' <<< "$asked")"
