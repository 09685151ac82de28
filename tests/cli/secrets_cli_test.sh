#!/usr/bin/env bash
# No secret leaves Medic: the corpus of tests/support/secret_corpus.tsv (48 shapes) is planted in
# the telemetry of a git copy of the shop — in recorded request attributes, error messages and
# log lines of shop::Search::handle — and in the root cause a local model (medic_llm_test_server,
# OpenAI protocol) answers with a real fix. `medic run --publish local` then detects, drafts,
# validates and publishes the fix; none of the secrets may be in any file Medic wrote, in any
# commit of any branch it pushed, in what it printed, or in any request the model received.
# Usage: secrets_cli_test.sh MEDIC SERVER SOURCE_ROOT
set -euo pipefail
medic=$1
server=$2
root=$3
work=$(mktemp -d)
source "$root/tests/support/model_server.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
export XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache}
key=sk-test-123
copy=$work/shop
remote=$work/remote.git
corpus=$root/tests/support/secret_corpus.tsv

source "$root/tests/support/git_copy.sh"
source "$root/tests/support/search_fix_diff.sh"
git_copy "$root/fixtures/services/shop" "$copy"
git init -q --bare "$remote"
grep -v '^#' "$corpus" | cut -f2 > "$work/secrets.txt"
[[ $(wc -l < "$work/secrets.txt") -ge 40 ]] || fail "the corpus has fewer than 40 secrets"

# Telemetry: slow Search calls (its budget is 2 ms) carrying one secret each in two attributes,
# and an error log line of the handler quoting it. (The calls succeed, as the real handler does
# on these queries: the generated regression test replays them and expects what production saw.)
jq -R -s -c --arg start 1795132800000 '
  split("\n") | map(select(length > 0 and (startswith("#") | not)) | split("\t")[0]) | to_entries[]
  | (.key * 60000 + ($start | tonumber)) as $ms
  | ($ms / 1000 | todate) as $ts
  | {ts: $ts, handler: "shop::Search::handle", duration_ms: 9.5, status: "ok",
     attrs: {query: "lamp", note: .value}},
    {ts: $ts, handler: "shop::Search::handle", duration_ms: 8.5, status: "ok",
     attrs: {query: "oak", referrer: ("https://shop.example/?" + .value)}},
    {ts: $ts, level: "error", handler: "shop::Search::handle", message: ("retrying after " + .value)}
' "$corpus" > "$work/planted.jsonl"

# The model's answer: a real fix, and a root cause that quotes every secret of the corpus.
search_fix_diff "$copy" "$work" "$work/catalog.diff"
jq -n --rawfile diff "$work/catalog.diff" --rawfile secrets "$corpus" '
  [{draft: {root_cause: ("Search::handle scans delisted_skus linearly; the logs also said: "
                         + ($secrets | split("\n") | map(select(length > 0 and (startswith("#") | not))
                                                         | split("\t")[0]) | join(" | "))),
            confidence: 0.7, diff: $diff}}]' > "$work/answers.json"

start_model_server "$server" "$work/answers.json" "$work/requests" "$key"
printf '\nllm: { provider: openai, base_url: "http://127.0.0.1:%s/v1", model: test-model, api_key_env: MEDIC_TEST_KEY }\n' \
  "$model_port" >> "$copy/.github/medic.yml"
# Keep every planted call as an example input, so each secret reaches every place examples go
# (the evidence, the prompt, the generated tests) rather than the 8 a reservoir would sample.
sed -i 's/^telemetry:.*/&\n  reservoir: 200/' "$copy/.github/medic.yml"
git_commit_all "$copy" "Point Medic at the model"

status=0
"$medic" detect --repo "$copy" -t "$work/planted.jsonl" --out "$work/anomalies.json" > /dev/null || status=$?
[[ $status -eq 1 ]] || fail "detect: expected exit 1, got $status"
id=$(jq -r '.anomalies[] | select(.handler == "shop::Search::handle" and .kind == "slow") | .id' "$work/anomalies.json")
[[ -n $id ]] || fail "no slow anomaly for shop::Search::handle"

status=0
MEDIC_TEST_KEY=$key "$medic" run --repo "$copy" -t "$work/planted.jsonl" --provider openai --only "$id" \
  --publish local --remote "$remote" --out "$work/out" --work-dir "$work/validate" --no-color \
  > "$work/run.log" 2>&1 || status=$?
stop_model_server "$work/requests" || fail "the model server saw protocol violations"
jq -e --arg id "$id" '.fixes[] | select(.anomaly == $id) | .status == "published"' "$work/out/run.json" \
  > /dev/null || fail "the model's fix was not published (exit $status): $(tail -20 "$work/run.log")"

# Everything that left Medic, in one place: its files, its output, the pushed history (every
# branch, every commit's message and changes), and the requests the model received.
mkdir -p "$work/left"
git --git-dir "$remote" log --all -p --format='%H%n%an %ae%n%B' > "$work/left/pushed.txt"
cp -r "$work/out" "$work/left/out"
cp "$work/run.log" "$work/left/"
cp -r "$work/requests" "$work/left/requests"
[[ -n $(ls "$work/left/requests") ]] || fail "the model received no request"
grep -q "medic/" <(git --git-dir "$remote" for-each-ref) || fail "no branch was pushed"
if grep -r -F -f "$work/secrets.txt" -l "$work/left" > "$work/leaks.txt"; then
  while read -r file; do
    echo "LEAK in ${file#"$work"/left/}: $(grep -F -o -f "$work/secrets.txt" "$file" | sort -u | head -5 | tr '\n' ' ')"
  done < "$work/leaks.txt"
  fail "secrets left Medic"
fi
grep -q "<redacted" "$work/left/pushed.txt" || fail "the pushed fix record shows no redacted root cause"
echo "secrets: none of $(wc -l < "$work/secrets.txt") planted secrets left Medic"
