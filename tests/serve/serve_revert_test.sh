#!/usr/bin/env bash
# A harmful fix merged through Medic's path, found worse in production, and reverted, through
# `medic serve` on a git copy of the shop with the local git and GitHub API servers and a local
# model: the model's fix for the slow coupon handler remembers answers per cart, which the
# benchmark (the same few carts again and again) finds far faster, so it is validated and
# published; a reviewer merges it; the shop built from the merged main serves its load driver's
# traffic, every cart new, sent as live OTLP: the handler is slower than the evidence recorded
# before the fix, the verdict is `worse`, and Medic opens a revert pull request — the merge
# commit undone on today's main, built and tested, labelled medic:revert, linked to the
# original, which gets a comment naming it. The revert merged, the original's attempt is
# `reverted` in medic outcomes.
# Usage: serve_revert_test.sh MEDIC GIT_HTTP_SERVER MODEL_SERVER SOURCE_ROOT
set -euo pipefail
medic=$1
git_server=$2
model_server=$3
root=$4
secret_prefix=revert
source "$root/tests/support/shop_app.sh"
source "$root/tests/support/model_server.sh"
source "$root/tests/support/harmful_coupon_diff.sh"
trap shop_app_cleanup EXIT # model_server.sh's trap only knows its own server
export MEDIC_TEST_KEY="model-key-$RANDOM"
export MEDIC_TEST_SHOP_TOKEN="shop-token-revert-$RANDOM"
shop_app_repository
shop_app_api
shop_app_report "$work/report.json"

# The model answers with the harmful fix; the server reads this configuration for acme/shop.
harmful_coupon_diff "$repo" "$work" "$work/harmful.diff" || fail "could not make the harmful diff"
jq -n --rawfile diff "$work/harmful.diff" \
  '[{draft: {root_cause: "Each call compiles the SKU pattern once per cart line.", confidence: 0.7, diff: $diff}}]' \
  > "$work/answers.json"
start_model_server "$model_server" "$work/answers.json" "$work/requests" "$MEDIC_TEST_KEY" || fail "no model server"
cp "$repo/.github/medic.yml" "$work/shop-medic.yml"
printf '\nfix: { strategies: [llm] }\nllm: { provider: openai, base_url: "http://127.0.0.1:%s/v1", model: test-model, api_key_env: MEDIC_TEST_KEY }\n' \
  "$model_port" >> "$work/shop-medic.yml"
shop_app_serve 1 "  telemetry_interval: 300ms
  repositories:
    acme/shop:
      telemetry_token_env: MEDIC_TEST_SHOP_TOKEN
      config: $work/shop-medic.yml"

jq --slurpfile report "$work/report.json" '{action: "medic-anomaly-report", branch: "main",
    client_payload: {anomaly_report: $report[0]},
    repository: {id: 1, name: "shop", full_name: "acme/shop"},
    installation: {id: 77}, sender: {login: "ci-bot", type: "Bot"}}' -n > "$work/dispatch.json"
outcome=$(deliver repository_dispatch dispatch-1 "$work/dispatch.json")
[[ $outcome == *"published 1"* && $outcome == *"#1"* ]] || fail "the model's fix was not published: $outcome"
state() { curl -sf "$api/__admin/state"; }
number=1
branch=$(state | jq -r '.pulls[0].head_ref')
grep -q "remembered" <<< "$(git --git-dir "$bare" diff main "$branch")" || fail "the branch does not hold the model's fix"

# A reviewer merges it (CI green), and GitHub says so.
curl -sf -X POST "$api/__admin/ci" -H 'Content-Type: application/json' -d '{"conclusion":"success"}' > /dev/null
curl -sf -X PUT "$api/repos/acme/shop/pulls/$number/merge" -H 'Authorization: Bearer ghp_test' \
  -H 'Content-Type: application/json' -d '{"merge_method":"squash"}' > /dev/null || fail "the merge was refused"
merge_sha=$(state | jq -r '.merges[0].sha')
closed_event() { # NUMBER BRANCH SHA OUT: the pull_request closed (merged) delivery
  example pull_request closed | jq --argjson n "$1" --arg ref "$2" --arg sha "$3" "$as_shop"' | .number = $n |
    .pull_request.number = $n | .pull_request.head.ref = $ref | .pull_request.head.repo.full_name = "acme/shop" |
    .pull_request.merged = true |
    .pull_request.merge_commit_sha = $sha' > "$4"
}
closed_event "$number" "$branch" "$merge_sha" "$work/closed-1.json"
outcome=$(deliver pull_request closed-1 "$work/closed-1.json")
[[ $outcome == "acme/shop#$number merged; waiting for production telemetry after the merge" ]] ||
  fail "the merge does not wait for production: $outcome"

# Production: the shop built from the merged main, its coupon traffic (every cart new) sent as
# live OTLP. Worse, and a revert pull request: built and tested, labelled, linked.
verdict=$(shop_app_production_after_merge "$number")
[[ $verdict == *"after the merge: worse, slower: median"* ]] ||
  fail "production after the merge was not judged worse: $verdict"
told=$(finished_delivery "$(curl -sf "$url/api/deliveries" | jq -r '[.deliveries[] | select(.event == "medic_production")][0].id')" 900)
[[ $(jq -r .job <<< "$told") == done && $(jq -r .outcome <<< "$told") == *"revert #2 opened"* ]] ||
  fail "no revert pull request: $told"
s=$(state)
jq -e '.pulls[1] | .number == 2 and .head_ref == "medic/revert-1" and .state == "open" and
    (.title | startswith("Revert #1: ")) and (.body | contains("the merge of #1")) and
    (.labels | index("medic:revert") != null)' <<< "$s" > /dev/null ||
  fail "the revert pull request: $(jq -c '.pulls[1] | {number, head_ref, title, labels}' <<< "$s")"
jq -e '[.comments[] | select(.issue_number == 1 and (.body | contains("Production after the merge: worse")) and
    (.body | contains("Medic opened #2 to revert it")))] | length == 1' <<< "$s" > /dev/null ||
  fail "the original was not told of its revert: $(jq -c '[.comments[] | .body[0:80]]' <<< "$s")"
git --git-dir "$bare" show "medic/revert-1:src/cart.cpp" | cmp -s - "$root/fixtures/services/shop/src/cart.cpp" ||
  fail "the revert does not bring back the coupon handler as it was"
[[ $(curl -sf "$api/__admin/violations" | jq length) == 0 ]] ||
  fail "requests that do not conform to GitHub's OpenAPI: $(curl -sf "$api/__admin/violations")"

# The revert merged: the original attempt is reverted; medic outcomes says it.
curl -sf -X PUT "$api/repos/acme/shop/pulls/2/merge" -H 'Authorization: Bearer ghp_test' \
  -H 'Content-Type: application/json' -d '{"merge_method":"merge"}' > /dev/null || fail "the revert's merge was refused"
closed_event 2 medic/revert-1 "$(state | jq -r '.merges[1].sha')" "$work/closed-2.json"
outcome=$(deliver pull_request closed-2 "$work/closed-2.json")
[[ $outcome == "acme/shop#2 merged; #1 reverted" ]] || fail "the revert's merge: $outcome"
"$medic" outcomes --state-dir "$work/state" --json > "$work/outcomes.json"
jq -e '.strategies[] | select(.strategy == "llm/openai:test-model") |
    .merged == 1 and .worse == 1 and .reverted == 1 and .median_production_speedup < 1 and .median_speedup > 1' \
  "$work/outcomes.json" > /dev/null || fail "medic outcomes: $(cat "$work/outcomes.json")"
stop_model_server "$work/requests" || fail "the model server saw protocol violations"
echo "ok: the model's fix validated by the benchmark, merged, found worse in production" \
  "($(jq -r '.strategies[0] | "benchmark \(.median_speedup)x, production \(.median_production_speedup)x"' "$work/outcomes.json")), reverted by #2"
