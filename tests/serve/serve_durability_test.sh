#!/usr/bin/env bash
# Durability of `medic serve` under load. Three rounds, each on a fresh state directory: 5,000
# signed deliveries (installation.created from @octokit/webhooks-examples, each naming its own
# installation) sent 32 at a time; the server is killed with SIGKILL the moment the 1,000th,
# the 2,500th or the 5,000th delivery is acknowledged (early in the intake, in the middle of it,
# and with the whole backlog of jobs still to process), then started again on the same state.
# Every delivery that got a 2xx must be recorded exactly once, its job finished (done) exactly
# once, and its installation recorded; nothing may be left queued or held. The store is the
# state directory's SQLite file, or, with `postgresql`, a fresh database on a PostgreSQL server
# the test starts.
# Usage: serve_durability_test.sh MEDIC SOURCE_ROOT [sqlite|postgresql]
set -euo pipefail
medic=$1
root=$2
backend=${3:-sqlite}
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill -9 "$server_pid" 2>/dev/null || true
  [[ $backend == postgresql ]] && "$root/tests/support/postgresql_server.sh" stop "$work/postgresql"
  if [[ -n ${MEDIC_KEEP_TEST_WORK-} ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "serve_durability_test: $*" >&2; [[ -f $log ]] && tail -20 "$log" >&2; exit 1; }

source "$root/tests/support/medic_serve.sh"
modules=$("$root/tests/support/webhooks/install.sh")/node_modules
export MEDIC_TEST_SECRET="durable-$RANDOM-$RANDOM"
count=5000

# Waits until the server has nothing queued or held, at most 60 s: well inside the 5-minute
# lease, so the jobs the kill interrupted must have been taken back at the restart.
drained() {
  for _ in $(seq 1 300); do
    [[ $(curl -sf "$url/healthz" | jq -r '"\(.queued) \(.running)"') == "0 0" ]] && return 0
    sleep 0.2
  done
  return 1
}

source "$root/tests/support/acknowledged_counts.sh"
[[ $backend == sqlite ]] || "$root/tests/support/postgresql_server.sh" start "$work/postgresql" > /dev/null
# store_of ROUND: the round's store, made empty: a SQLite file, or a database of its own.
store_of() {
  if [[ $backend == sqlite ]]; then
    echo "$work/state-$1/medic.sqlite3"
  else
    "$root/tests/support/postgresql_server.sh" database "$work/postgresql" "round_$1"
  fi
}

for kill_after in 1000 2500 5000; do
  store=$(store_of "$kill_after")
  log=$work/server-$kill_after.log
  cat > "$work/server.yml" <<YAML
server:
  state_dir: $work/state-$kill_after
  workers: 2
  webhook_secret_env: MEDIC_TEST_SECRET
YAML
  [[ $backend == sqlite ]] || echo "  store: $store" >> "$work/server.yml"
  start_medic_serve "$medic" "$work/server.yml" "$log" || fail "no server"
  summary=$(node "$root/tests/support/webhooks/flood.mjs" "$modules" "$url" "$MEDIC_TEST_SECRET" \
    "k$kill_after" "$count" 32 "$kill_after" "$server_pid" "$work/acked-$kill_after.txt")
  status=0
  wait "$server_pid" || status=$?
  server_pid=
  [[ $status -eq 137 ]] || fail "round $kill_after: the server was not killed (exit $status): $summary"
  start_medic_serve "$medic" "$work/server.yml" "$log" || fail "no server after the kill"
  drained || fail "round $kill_after: jobs left after 60 s"
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "round $kill_after: exit $? after SIGTERM"
  server_pid=
  read -r acked recorded done installed total unfinished failed retried \
    < <(acknowledged_counts "$store" "$work/acked-$kill_after.txt")
  [[ $acked -ge $kill_after ]] || fail "round $kill_after: only $acked acknowledged: $summary"
  [[ $recorded -eq $acked ]] || fail "round $kill_after: $recorded of $acked acknowledged deliveries recorded"
  [[ $done -eq $acked ]] || fail "round $kill_after: $done of $acked acknowledged deliveries processed"
  [[ $installed -eq $acked ]] || fail "round $kill_after: $installed of $acked installations recorded"
  [[ $unfinished -eq 0 ]] || fail "round $kill_after: $unfinished jobs not done"
  echo "$backend, kill after $kill_after: $acked acknowledged, all recorded once and processed once;" \
    "$((total - acked)) more recorded but unanswered when killed; $retried jobs run again" \
    "after the kill; flood $summary"
done
