#!/usr/bin/env bash
# `medic serve` as several processes sharing one PostgreSQL store: one web process (--role web)
# and worker processes (--role worker), each with its own state directory. 3,000 signed
# deliveries are sent 32 at a time; when 1,000 are acknowledged one worker is killed with
# SIGKILL, and once 2,000 are recorded the database server is restarted (every connection cut,
# the server away for a moment). A worker started afterwards takes back the dead worker's job;
# the web process and the surviving worker connect again by themselves. Every delivery that got
# a 2xx must be recorded exactly once, its job done exactly once and its installation recorded;
# nothing may be left queued or held.
# Usage: serve_postgresql_test.sh MEDIC SOURCE_ROOT
set -euo pipefail
medic=$1
root=$2
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  "$root/tests/support/postgresql_server.sh" stop "$work/postgresql"
  if [[ -n ${MEDIC_KEEP_TEST_WORK-} ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() {
  echo "serve_postgresql_test: $*" >&2
  for log in "$work"/*.log; do echo "== $log" >&2; tail -8 "$log" >&2; done
  exit 1
}

source "$root/tests/support/medic_serve.sh"
modules=$("$root/tests/support/webhooks/install.sh")/node_modules
export MEDIC_TEST_SECRET="shared-$RANDOM-$RANDOM"
count=3000

# The test's own server: restarting the one CTest shares would cut other tests off.
"$root/tests/support/postgresql_server.sh" start "$work/postgresql" > /dev/null
database=$(sed -n 3p "$work/postgresql")medic
psql -X -q -d "${database%medic}postgres" -c "CREATE DATABASE medic"
sql() { psql -X -q -A -t -d "$database" -c "$1"; }

cat > "$work/server.yml" <<YAML
server:
  state_dir: $work/web
  store: $database
  role: web
  webhook_secret_env: MEDIC_TEST_SECRET
YAML
start_medic_serve "$medic" "$work/server.yml" "$work/web.log" || fail "no web process"
pids+=("$server_pid")
# start_worker NAME: a worker process with its own state directory; sets worker_pid.
start_worker() {
  "$medic" serve --config "$work/server.yml" --role worker --workers 2 --state-dir "$work/$1" \
    2> "$work/$1.log" &
  worker_pid=$!
  pids+=("$worker_pid")
}
start_worker worker-a
doomed=$worker_pid
start_worker worker-b

# The restart, once 2,000 deliveries are recorded (the flood goes on meanwhile).
(
  until [[ $(sql "SELECT count(*) FROM deliveries" 2>/dev/null || echo 0) -ge 2000 ]]; do sleep 0.1; done
  sql "SELECT count(*) FROM deliveries" > "$work/restarted"
  "$root/tests/support/postgresql_server.sh" restart "$work/postgresql"
) &
restarter=$!
summary=$(node "$root/tests/support/webhooks/flood.mjs" "$modules" "$url" "$MEDIC_TEST_SECRET" \
  shared "$count" 32 1000 "$doomed" "$work/acked.txt")
wait "$restarter" || fail "the database was not restarted"
[[ -f $work/restarted ]] || fail "the database was not restarted"
start_worker worker-c

# Drained: nothing queued or held, within 60 s (well inside the 5-minute lease, so the killed
# worker's job was taken back by the worker started after it, not by the lease running out).
for _ in $(seq 1 300); do
  [[ $(sql "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')") -eq 0 ]] && break
  sleep 0.2
done
left=$(sql "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')")
[[ $left -eq 0 ]] || fail "$left jobs left queued or held after 60 s: $summary"

# Every acknowledged delivery: recorded once, done once, its installation there.
psql -X -q -d "$database" -c "CREATE TABLE acked (id TEXT PRIMARY KEY)"
psql -X -q -d "$database" -c "\\copy acked FROM '$work/acked.txt'"
read -r acked recorded done installed failed retried < <(sql "SELECT
  (SELECT count(*) FROM acked),
  (SELECT count(*) FROM acked a JOIN deliveries d ON d.id = a.id),
  (SELECT count(*) FROM acked a JOIN jobs j ON j.delivery_id = a.id WHERE j.state = 'done'),
  (SELECT count(*) FROM acked a JOIN installations i
     ON i.id = 1000000 + CAST(substr(a.id, strpos(a.id, '-') + 1) AS BIGINT)),
  (SELECT count(*) FROM jobs WHERE state = 'failed'),
  (SELECT count(*) FROM jobs WHERE attempts > 1)" | tr '|' ' ')
[[ $acked -ge 1000 ]] || fail "only $acked acknowledged: $summary"
[[ $recorded -eq $acked ]] || fail "$recorded of $acked acknowledged deliveries recorded"
[[ $done -eq $acked ]] || fail "$done of $acked acknowledged deliveries processed: $failed failed"
[[ $installed -eq $acked ]] || fail "$installed of $acked installations recorded"
[[ $failed -eq 0 ]] || fail "$failed jobs failed: $(sql "SELECT outcome FROM jobs WHERE state = 'failed' LIMIT 3")"
kill -0 "$doomed" 2>/dev/null && fail "the doomed worker was not killed"
# Both connected again by themselves: the web process recorded deliveries after the restart,
# and the worker that lived through it noticed it and went on working.
[[ $acked -gt $(cat "$work/restarted") ]] \
  || fail "nothing was acknowledged after the restart ($acked, $(cat "$work/restarted") before)"
awk '/cannot take a job|put back/ { seen = 1 } seen && /: installation / { after++ }
     END { exit !(seen && after > 0) }' "$work/worker-b.log" \
  || fail "worker-b did not notice the restart and work on"
for pid in "${pids[@]}"; do
  [[ $pid == "$doomed" ]] && continue
  kill -TERM "$pid"
  wait "$pid" || fail "a process exited $? after SIGTERM"
done
pids=()
echo "$acked acknowledged, all recorded once and processed once by 3 worker processes across" \
  "a worker's SIGKILL and a database restart; $retried jobs run again; flood $summary"
