#!/usr/bin/env bash
# `medic run --publish local` end to end on a git copy of the sample shop.
# 1. Uninterrupted: the validated fixes (the regex in ApplyCoupon, the misordered checkout) are
#    committed with their tests and fix records on their own branches and pushed to a local bare
#    remote; a second run converges on the same branches and commits. The checkout is never
#    written.
# 2. Killed: the run is killed with SIGKILL at chosen points, and after each kill a re-run must
#    converge on the branches of the uninterrupted run, with no process of the killed run left
#    alive. The points, in this order, then random times over the length of a re-run:
#   worktree    while the validation worktree is being created (its folder was removed first)
#   build       while a compiler of the validation build runs (a grandchild of Medic)
#   benchmark   while a benchmark binary runs
#   committed   as soon as a fix's commit is on its branch, before the push reaches the remote
# Every run records its attempts in one --state-dir store (read back with medic outcomes after the
# first run and after all the kills).
# Usage: run_cli_test.sh MEDIC SOURCE_ROOT [KILL_POINTS (default 4)] [SEED (default: random)]
# CTest kills at the four named points; the figures in the README come from 24 points.
set -euo pipefail
medic=$1
root=$2
points=${3:-4}
seed=${4:-$RANDOM}
RANDOM=$seed
work=$(mktemp -d)
export XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache}
repo=$work/shop
validate=$work/validate
apply_coupon=69ecf7a193c7dde9 # ~230x faster: never near the p-value bar, even on a loaded machine
checkout=2cb407cad7c29b34
marker=MEDIC_KILLED_RUN_TEST
victim=

fail() { echo "FAIL: $*" >&2; exit 1; }
# Every process that inherited this test's marker (Medic, its commands and theirs).
marked_processes() {
  grep -l -s -a "^$marker=$1\$" --null-data /proc/[0-9]*/environ 2>/dev/null \
    | sed 's|/proc/\([0-9]*\)/environ|\1|' || true
}
cleanup() {
  [[ -n $victim ]] && kill -9 "$victim" 2>/dev/null
  for pid in $(marked_processes "$seed"'-[0-9a-z]*'); do kill -9 "$pid" 2>/dev/null || true; done
  if [[ -n ${MEDIC_KEEP_TEST_WORK-} ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

source "$root/tests/support/git_copy.sh"
git_copy "$root/fixtures/services/shop" "$repo"

# medic_run REMOTE OUT TAG: one `medic run` in the background, marked TAG; sets $victim.
medic_run() {
  env "$marker=$seed-$3" "$medic" run --repo "$repo" -t "$root/fixtures/telemetry/shop/events.jsonl" \
    "$root/fixtures/telemetry/shop/logs.jsonl" --provider rules --only "$apply_coupon" "$checkout" \
    --remote "$1" --out "$2" --work-dir "$validate" --state-dir "$work/state" --no-color > "$2.log" 2>&1 &
  victim=$!
}
fresh_remote() { rm -rf "$1"; git init -q --bare "$1"; }
# The fixes' branches as "name tree-of-the-fix" lines (the fix record's figures differ per run).
branch_fixes() {
  git --git-dir "$1" for-each-ref --format='%(refname:short)' refs/heads | sort | while read -r branch; do
    echo "$branch $(git --git-dir "$1" ls-tree -r "$branch" -- src include tests | git hash-object --stdin)"
  done
}
# Forgets the fixes' local branches, so each run commits them again (and can be killed there).
forget_local_branches() {
  git -C "$repo" for-each-ref --format='%(refname)' refs/heads/medic | while read -r ref; do
    git -C "$repo" update-ref -d "$ref"
  done
}

# The reference: one uninterrupted run.
fresh_remote "$work/reference.git"
medic_run "$work/reference.git" "$work/reference" reference
wait "$victim" || fail "the uninterrupted run exited $?: $(tail -5 "$work/reference.log")"
victim=
expected=$(branch_fixes "$work/reference.git")
jq -e '[.fixes[] | select(.status == "published")] | length == 2' "$work/reference/run.json" >/dev/null \
  || fail "expected two published fixes: $(jq -c '[.fixes[] | {handler, status, reason}]' "$work/reference/run.json")"
# The report follows its published schema, and the schema check can fail.
schema=$root/docs/schema/run-report.v1.schema.json
/usr/bin/python3 "$root/tests/support/validate_json_schema.py" "$schema" "$work/reference/run.json" \
  || fail "run.json does not follow $schema"
jq '.fixes[0].status = "mostly done"' "$work/reference/run.json" > "$work/broken-run.json"
if /usr/bin/python3 "$root/tests/support/validate_json_schema.py" "$schema" "$work/broken-run.json" 2>/dev/null; then
  fail "the schema check accepted a run report with an unknown status"
fi
branches=$(git --git-dir "$work/reference.git" for-each-ref --format='%(refname:short)' refs/heads | sort)
[[ $branches == "$(printf '%s\n' "medic/misordered/checkout-${checkout:0:8}" \
  "medic/slow/shop-apply-coupon-handle-${apply_coupon:0:8}" | sort)" ]] || fail "remote branches: $branches"
slow_branch=medic/slow/shop-apply-coupon-handle-${apply_coupon:0:8}
files=$(git --git-dir "$work/reference.git" show --name-only --format= "$slow_branch")
for expected_file in src/cart.cpp "docs/medic/$apply_coupon.md" tests/medic/CMakeLists.txt; do
  grep -qx "$expected_file" <<< "$files" || fail "$slow_branch lacks $expected_file: $files"
done
grep -q '_test.cpp$' <<< "$files" || fail "$slow_branch has no generated test"
grep -q '_bench.cpp$' <<< "$files" || fail "$slow_branch has no generated benchmark"
body=$work/reference/$apply_coupon/pull-request.md
grep -q "p = \|p-value" "$body" || fail "the PR body shows no p-value"
grep -q "/medic revise" "$body" || fail "the PR body lists no /medic commands"
[[ -z $(git -C "$repo" status --porcelain) ]] || fail "medic run wrote to the checkout"
# The run recorded its two attempts in --state-dir, for medic outcomes and later runs' ranking.
"$medic" outcomes --state-dir "$work/state" --json > "$work/outcomes.json" || fail "medic outcomes failed"
jq -e '[.strategies[].attempts] | add == 2' "$work/outcomes.json" > /dev/null &&
  jq -e '[.strategies[].validated] | add == 2' "$work/outcomes.json" > /dev/null ||
  fail "the run's attempts were not recorded: $(cat "$work/outcomes.json")"

# The same run again converges on the same branches and commits.
first=$(git --git-dir "$work/reference.git" for-each-ref --format='%(objectname) %(refname)' refs/heads)
started=$(date +%s)
medic_run "$work/reference.git" "$work/again" again
wait "$victim" || fail "the second run exited $?: $(tail -5 "$work/again.log")"
victim=
rerun_seconds=$(($(date +%s) - started + 1))
second=$(git --git-dir "$work/reference.git" for-each-ref --format='%(objectname) %(refname)' refs/heads)
[[ $first == "$second" ]] || fail "the re-run moved or added branches:\n$first\n---\n$second"
jq -e 'all(.fixes[]; .branch_changed == false)' "$work/again/run.json" >/dev/null \
  || fail "the re-run reports changed branches"
echo "two fixes published, and a re-run converged on the same branches and commits"

# pause: a sleep of 5 ms without starting a process (the polls below run hundreds of times).
exec 9<> <(:)
pause() { read -rt 0.005 -u 9 || true; }
# compiler_runs / benchmark_runs: whether a process of the run being killed is one.
process_of_run_named() {
  local pid
  for pid in $(marked_processes "$seed-$tag"); do
    grep -qs -E "$1" "/proc/$pid/comm" && return 0
  done
  return 1
}
# wait_for POINT: returns once the run reaches POINT (or ends first: status 1).
wait_for() {
  local point=$1 deadline
  [[ $point =~ ^[0-9.]+$ ]] && deadline=$(($(date +%s%N) / 1000000 + 10#${point/./}))
  while kill -0 "$victim" 2>/dev/null; do
    case $point in
      worktree) [[ -d $validate/worktree ]] && return 0 ;;
      build) process_of_run_named '^(cc1plus|c\+\+|g\+\+|clang)' && return 0 ;;
      benchmark) process_of_run_named 'bench' && return 0 ;;
      committed) compgen -G "$repo/.git/refs/heads/medic/*/*" > /dev/null && return 0 ;;
      *) (($(date +%s%N) / 1000000 >= deadline)) && return 0 ;;
    esac
    pause
  done
  return 1
}

named=(worktree build benchmark committed)
checked=0 redrawn=0
for ((i = 0; i < points; ++i)); do
  if ((i < ${#named[@]})); then
    point=${named[i]}
  else # a random moment of a re-run's length, to the millisecond
    point=$(printf '%d.%03d' $((RANDOM % rerun_seconds)) $((RANDOM % 1000)))
  fi
  tag=$i
  [[ $point == worktree ]] && rm -rf "$validate/worktree" # the run must create it again
  forget_local_branches
  fresh_remote "$work/remote.git"
  medic_run "$work/remote.git" "$work/killed-$i" "$tag"
  if wait_for "$point"; then
    running=$(for pid in $(marked_processes "$seed-$tag"); do cat "/proc/$pid/comm"; done 2>/dev/null \
      | grep -vx -e medic -e medic-guard | sort -u | tr '\n' ' ' || true)
    kill -9 "$victim"
    where="killed at $point${running:+ (running: ${running% })}"
    [[ $point == committed ]] && [[ -z $(git --git-dir "$work/remote.git" for-each-ref refs/heads) ]] \
      && where+=" (before the push)"
  elif ((i < ${#named[@]})); then
    fail "point $i: the run ended before it reached $point: $(tail -3 "$work/killed-$i.log")"
  else # the run was quicker this time: another moment
    wait "$victim" 2>/dev/null || true
    victim=
    ((++redrawn <= points)) || fail "runs keep ending before the random moments"
    ((--i))
    continue
  fi
  wait "$victim" 2>/dev/null || true
  victim=
  # The remote is a local bare repository that Medic's own process writes (libgit2's local
  # transport): killed in the middle of a push, it leaves the ref's lock file there, which a
  # server's receive-pack, outliving its client, would remove itself. Done here as it would.
  find "$work/remote.git" -name '*.lock' -delete
  sleep 0.5 # the kernel delivers the parent-death signals; bubblewrap tears its namespace down
  survivors=$(marked_processes "$seed-$tag")
  if [[ -n $survivors ]]; then
    ps -o pid,ppid,comm,args -p "$(tr '\n' ',' <<< "$survivors" | sed 's/,$//')" >&2 || true
    fail "point $i ($where): processes of the killed run are still alive"
  fi
  # The re-run: it must finish, and converge on the uninterrupted run's fixes.
  started=$(date +%s)
  medic_run "$work/remote.git" "$work/rerun-$i" "rerun-$i"
  wait "$victim" || fail "point $i ($where): the re-run exited $?: $(tail -5 "$work/rerun-$i.log")"
  victim=
  got=$(branch_fixes "$work/remote.git")
  [[ $got == "$expected" ]] || fail "point $i ($where): the re-run published\n$got\ninstead of\n$expected"
  [[ -z $(git -C "$repo" status --porcelain) ]] || fail "point $i ($where): the checkout was written"
  rerun_seconds=$(($(date +%s) - started + 1))
  echo "point $i: $where; re-run converged in ${rerun_seconds}s"
  ((++checked))
done
((checked == points)) || fail "only $checked of $points points were checked"
[[ -z $(git -C "$repo" branch --list 'medic-validate-*') ]] || fail "a validation branch was left behind"
git -C "$repo" fsck --no-progress > /dev/null 2>&1 || fail "the repository is damaged"
# Every run, the killed ones too, recorded into one store: consistent after every SIGKILL (each
# re-run opened it, and each finished run added its two attempts).
"$medic" outcomes --state-dir "$work/state" --json > "$work/outcomes.json" || fail "medic outcomes failed after the kills"
finished=$((2 + checked))
jq -e --argjson n "$finished" '[.strategies[].validated] | add >= 2 * $n' "$work/outcomes.json" > /dev/null ||
  fail "fewer attempts than the $finished finished runs made: $(cat "$work/outcomes.json")"
echo "ok: two fixes published; $points kills (seed $seed), each re-run converged; nothing of a killed run survived"
