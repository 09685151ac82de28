#!/usr/bin/env bash
# `medic serve` as several processes sharing one PostgreSQL store: one web process (--role web)
# and worker processes (--role worker), each with its own state directory. 3,000 signed
# deliveries are sent 32 at a time. Once 1,000 are recorded, the worker that runs as another
# machine (its own host name, in a UTS namespace) is killed with SIGKILL while it holds jobs: no
# process on this machine can tell that it died, so its jobs must be taken by the other worker
# once their lease (server.job_lease, 6 s here) runs out. Once 2,000 are recorded the database
# server is restarted (every connection cut, the server away for a moment); the web process and
# the surviving worker connect again by themselves. Every delivery that got a 2xx must be
# recorded exactly once, its job done exactly once and its installation recorded; nothing may
# be left queued or held.
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
database=$("$root/tests/support/postgresql_server.sh" database "$work/postgresql" medic)
sql() { psql -X -q -A -t -d "$database" -c "$1"; }

cat > "$work/server.yml" <<YAML
server:
  state_dir: $work/web
  store: $database
  role: web
  webhook_secret_env: MEDIC_TEST_SECRET
  job_lease: 6s
YAML
start_medic_serve "$medic" "$work/server.yml" "$work/web.log" || fail "no web process"
pids+=("$server_pid")
unshare --uts true 2>/dev/null \
  || fail "unshare --uts failed: the test runs a worker as another machine in a UTS namespace, which needs root (CAP_SYS_ADMIN)"
# start_worker NAME [HOST]: a worker process with its own state directory, on this machine or,
# given HOST, in a UTS namespace of its own that names it HOST; sets worker_pid.
start_worker() {
  local on_host=()
  [[ -n ${2-} ]] && on_host=(unshare --uts sh -c 'hostname "$0" && exec "$@"' "$2")
  "${on_host[@]}" "$medic" serve --config "$work/server.yml" --role worker --workers 2 \
    --state-dir "$work/$1" 2> "$work/$1.log" &
  worker_pid=$!
  pids+=("$worker_pid")
}
start_worker worker-a machine-a
doomed=$worker_pid
start_worker worker-b

# The kill, once 1,000 deliveries are recorded: the worker is stopped (SIGSTOP) until it holds
# a job, so that the kill leaves jobs behind for certain; what it held is kept in orphans.
(
  until [[ $(sql "SELECT count(*) FROM deliveries" 2>/dev/null || echo 0) -ge 1000 ]]; do sleep 0.1; done
  for _ in $(seq 1 100); do
    kill -STOP "$doomed"
    sleep 0.3 # a commit it sent before it stopped reaches the database first
    sql "SELECT id, delivery_id, lease_expires_ms FROM jobs
         WHERE state = 'running' AND worker LIKE 'machine-a~%'" > "$work/orphans"
    [[ -s $work/orphans ]] && break
    kill -CONT "$doomed"
    sleep 0.02
  done
  kill -KILL "$doomed"
) &
killer=$!

# The restart, once 2,000 deliveries are recorded (the flood goes on meanwhile).
(
  until [[ $(sql "SELECT count(*) FROM deliveries" 2>/dev/null || echo 0) -ge 2000 ]]; do sleep 0.1; done
  sql "SELECT count(*) FROM deliveries" > "$work/restarted"
  "$root/tests/support/postgresql_server.sh" restart "$work/postgresql"
) &
restarter=$!
summary=$(node "$root/tests/support/webhooks/flood.mjs" "$modules" "$url" "$MEDIC_TEST_SECRET" \
  shared "$count" 32 0 0 "$work/acked.txt")
wait "$killer" || fail "the worker on machine-a was not killed"
wait "$restarter" || fail "the database was not restarted"
[[ -f $work/restarted ]] || fail "the database was not restarted"
# 20 more once the restart is over: the web process and worker-b, the one worker left, must
# record and do them on new connections (the restart cut every one).
after=$(node "$root/tests/support/webhooks/flood.mjs" "$modules" "$url" "$MEDIC_TEST_SECRET" \
  after 20 4 0 0 "$work/acked-after.txt")
[[ $(wc -l < "$work/acked-after.txt") -eq 20 ]] || fail "not all 20 acknowledged after the restart: $after"
cat "$work/acked-after.txt" >> "$work/acked.txt"
[[ -s $work/orphans ]] || fail "the worker on machine-a held no job in 100 looks"

# Drained: nothing queued or held, within 60 s.
for _ in $(seq 1 300); do
  [[ $(sql "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')") -eq 0 ]] && break
  sleep 0.2
done
left=$(sql "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')")
[[ $left -eq 0 ]] || fail "$left jobs left queued or held after 60 s: $summary"

# Every acknowledged delivery: recorded once, done once, its installation there.
source "$root/tests/support/acknowledged_counts.sh"
read -r acked recorded done installed total unfinished failed retried \
  < <(acknowledged_counts "$database" "$work/acked.txt")
[[ $acked -ge 1000 ]] || fail "only $acked acknowledged: $summary"
[[ $recorded -eq $acked ]] || fail "$recorded of $acked acknowledged deliveries recorded"
[[ $done -eq $acked ]] || fail "$done of $acked acknowledged deliveries processed: $failed failed"
[[ $installed -eq $acked ]] || fail "$installed of $acked installations recorded"
[[ $failed -eq 0 ]] || fail "$failed jobs failed: $(sql "SELECT outcome FROM jobs WHERE state = 'failed' LIMIT 3")"
kill -0 "$doomed" 2>/dev/null && fail "the worker on machine-a was not killed"
# What the killed worker held was taken by worker-b once its lease ran out, and done there.
while IFS='|' read -r job delivery expired; do
  read -r state attempts finished < <(sql "SELECT state, attempts, finished_ms FROM jobs
                                           WHERE id = $job" | tr '|' ' ')
  [[ $state == done && $attempts -ge 2 ]] \
    || fail "job $job of the killed worker: $state after $attempts attempts"
  [[ $finished -ge $expired ]] || fail "job $job was taken before its lease ran out"
  grep -q " $delivery: " "$work/worker-b.log" || fail "job $job was not done by worker-b"
done < "$work/orphans"
orphans=$(wc -l < "$work/orphans")
# Both connected again by themselves: the web process recorded deliveries after the restart,
# and the worker that lived through it did the deliveries sent after it.
[[ $acked -gt $(cat "$work/restarted") ]] \
  || fail "nothing was acknowledged after the restart ($acked, $(cat "$work/restarted") before)"
while read -r delivery; do
  grep -q ": installation $delivery: " "$work/worker-b.log" \
    || fail "$delivery, sent after the restart, was not done by worker-b"
done < "$work/acked-after.txt"
for pid in "${pids[@]}"; do
  [[ $pid == "$doomed" ]] && continue
  kill -TERM "$pid"
  wait "$pid" || fail "a process exited $? after SIGTERM"
done
pids=()
echo "$acked acknowledged, all recorded once and processed once by 2 worker processes across" \
  "the SIGKILL of the one on machine-a (the $orphans jobs it held done by the other once their" \
  "lease ran out) and a database restart; $retried jobs run again; flood $summary"
