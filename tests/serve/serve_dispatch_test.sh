#!/usr/bin/env bash
# `medic serve` as a GitHub App on a git copy of the sample shop: a signed repository_dispatch
# (event_type medic-anomaly-report) naming the workflow artifact that holds the anomaly report CI
# would send (fetched through the API, the storage link without the token) becomes a validated
# pull request on the local GitHub API server (every request checked against GitHub's OpenAPI
# description), its branch pushed over smart HTTP with the App's installation token. The
# payload's clone URL is wrong on purpose: Medic must read the repository from the API. The
# same delivery again is a duplicate and runs nothing. Then the pull request's life, by
# deliveries built from @octokit/webhooks-examples payloads: `/medic explain` by a writer answered,
# `/medic close` by a reader refused once however often asked; a push to main elsewhere leaves it
# alone (the status page, opened in headless Chromium, shows it); CI turns green and check_suite
# completed merges it under the repository's auto-merge policy (GitHub's own auto-merge is off);
# its closed event lost, a re-read of the open pull requests records the merge; the shop built
# from the merged main sends live OTLP, and the merge is judged effective in production (the
# production speedup in `medic outcomes`, a comment on the pull request); the event arriving late
# changes nothing.
# Usage: serve_dispatch_test.sh MEDIC GIT_HTTP_SERVER SOURCE_ROOT
set -euo pipefail
medic=$1
git_server=$2
root=$3
secret_prefix=dispatch
source "$root/tests/support/shop_app.sh"
shop_app_repository
cat >> "$repo/.github/medic.yml" <<'YAML'
publish:
  auto_merge: { enabled: true, strategies: [rules], max_diff_lines: 60, method: squash }
YAML
git_commit_all "$repo" "Let Medic's small rule-based fixes merge themselves"
shop_app_api

# The report CI would send: medic detect on the shop's telemetry, cut to the regex fix.
shop_app_report "$work/report.json"
# The report travels as a workflow artifact (as a report too large for client_payload would):
# a zip written by Python's zipfile, uploaded to the local API server, named by its page URL.
python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[2], "medic/anomalies.json"); z.writestr("medic/README.txt", "made by CI")' \
  "$work/report.zip" "$work/report.json"
curl -sf -X POST "$api/__admin/artifacts" -H 'Content-Type: application/json' \
  -d "{\"id\": 31, \"name\": \"medic-report\", \"zip_base64\": \"$(base64 -w0 "$work/report.zip")\"}" > /dev/null ||
  fail "could not upload the artifact"
jq '{
    action: "medic-anomaly-report", branch: "main",
    client_payload: { anomaly_report_artifact: "https://github.com/acme/shop/actions/runs/7/artifacts/31" },
    repository: { id: 1, name: "shop", full_name: "acme/shop",
                  clone_url: "https://git.example.invalid/acme/shop.git" },
    installation: { id: 77 }, sender: { login: "ci-bot", type: "Bot" } }' -n > "$work/dispatch.json"

# The shop's exporters send live telemetry too (its token), judged by the repository's config.
export MEDIC_TEST_SHOP_TOKEN=shop-token-dispatch-$RANDOM
shop_app_serve 1 "  telemetry_interval: 300ms
  repositories:
    acme/shop:
      telemetry_token_env: MEDIC_TEST_SHOP_TOKEN
      config: $repo/.github/medic.yml"
answer=$(send repository_dispatch dispatch-1 "$work/dispatch.json")
[[ $answer == "202 "* && $answer == *'"queued"'* ]] || fail "dispatch not queued: $answer"

record=$(finished_delivery dispatch-1 900)
[[ $(jq -r .job <<< "$record") == done ]] || fail "the run did not finish well: $record"
outcome=$(jq -r .outcome <<< "$record")
[[ $outcome == *"acme/shop at "* && $outcome == *"published 1"* && $outcome == *"#1"* ]] ||
  fail "unexpected outcome: $outcome"

found=$(curl -sf "$api/__admin/violations")
[[ $(jq 'length' <<< "$found") == 0 ]] || fail "requests that do not conform to GitHub's OpenAPI: $found"
s=$(curl -sf "$api/__admin/state")
[[ $(jq '.pulls | length' <<< "$s") == 1 ]] || fail "expected one PR: $(jq -c '.pulls' <<< "$s")"
branch=$(jq -r '.pulls[0].head_ref' <<< "$s")
[[ $branch == medic/* ]] || fail "PR head $branch is not a Medic branch"
git --git-dir "$bare" rev-parse --verify -q "refs/heads/$branch" > /dev/null || fail "$branch was not pushed"
jq -e '[.check_runs[] | select(.name == "medic/validation" and .conclusion == "success")] | length == 1' \
  <<< "$s" > /dev/null || fail "no successful medic/validation check run"
jq -e '.blob_requests | length == 1 and .[0].status == 200 and .[0].authorization == false' <<< "$s" > /dev/null ||
  fail "the artifact was not fetched once from storage without the token: $(jq -c .blob_requests <<< "$s")"

# GitHub redelivers with the same id: acknowledged, nothing run again.
answer=$(send repository_dispatch dispatch-1 "$work/dispatch.json")
[[ $answer == *'"duplicate"'* ]] || fail "the redelivery is not a duplicate: $answer"
number=$(jq -r '.pulls[0].number' <<< "$s")
head_sha=$(jq -r '.pulls[0].head_sha' <<< "$s")
[[ $(jq '.merges | length' <<< "$s") == 0 ]] || fail "merged while CI was pending"

# Deliveries GitHub would send, from the Octokit project's published examples. People steer
# the pull request with /medic commands in comments; only those who may push are obeyed (the
# API server's collaborators: bob writes, dave only reads).
outcome=$(command_comment explain-1 bob "/medic explain")
[[ $outcome == *"explained"* ]] || fail "/medic explain by a writer: $outcome"
outcome=$(command_comment explain-2 dave "/medic close")
[[ $outcome == *"refused (read access)"* ]] || fail "/medic close by a reader: $outcome"
command_comment explain-3 dave "/medic close" > /dev/null
s=$(curl -sf "$api/__admin/state")
jq -e '[.comments[] | select(.user.login == "medic[bot]")] as $mine |
    ([$mine[] | select(.body | contains("@dave, only people who can push"))] | length) == 1 and
    ([$mine[] | select(.body | contains("@bob, what Medic knows about this fix"))] | length) == 1' <<< "$s" > /dev/null ||
  fail "expected one explanation and one refusal: $(jq -c '[.comments[] | {user: .user.login, body: .body[0:80]}]' <<< "$s")"
[[ $(jq '.reactions | length' <<< "$s") == 1 && $(jq -r '.pulls[0].state' <<< "$s") == open ]] ||
  fail "one reaction, the pull request still open: $(jq -c '{reactions, state: .pulls[0].state}' <<< "$s")"

# Someone changes main elsewhere: the pull request still merges, and is left alone (the
# rebase of one that conflicts: serve_review_loop_test.sh).
echo "Run Medic's serve tests before a release." >> "$repo/CONTRIBUTING.md"
git_commit_all "$repo" "Contributing: a note"
outcome=$(push_main push-elsewhere)
[[ $outcome == *"#$number merges cleanly"* ]] || fail "a push elsewhere: $outcome"

# The status page as a person sees it (headless Chromium): the installation, the open pull
# request with its proof and conflict, the deliveries. The screenshot is kept.
example installation created | jq "$as_shop"' | .installation.account.login = "acme" |
  .repositories = [{id: 1, name: "shop", full_name: "acme/shop", private: false}]' > "$work/installation.json"
outcome=$(deliver installation installation-1 "$work/installation.json")
[[ $outcome == "installation 77 (acme) active, 1 repositories" ]] || fail "installation: $outcome"
source "$root/tests/support/chromium_page.sh"
artifacts=$(cd "$(dirname "$medic")/../.." && pwd)/test-artifacts
mkdir -p "$artifacts"
chromium_page "$url/" "$work/status.html" "$artifacts/status-page.png" "$work" ||
  fail "Chromium could not show the status page"
python3 - "$work/status.html" "$number" <<'PY' || fail "the status page lacks what it must show"
import sys
from html.parser import HTMLParser
class Page(HTMLParser):
    def __init__(self):
        super().__init__(); self.section = None; self.text = {}
    def handle_starttag(self, tag, attrs):
        if tag == "section": self.section = dict(attrs).get("id"); self.text[self.section] = ""
    def handle_data(self, data):
        if self.section: self.text[self.section] += data
page = Page(); page.feed(open(sys.argv[1], encoding="utf-8").read())
number = sys.argv[2]
expected = {"queue": ["workers"], "installations": ["acme", "acme/shop", "active"],
            "pull-requests": [f"acme/shop#{number}", "faster", "validated"],
            "outcomes": ["none closed yet"], "deliveries": ["dispatch-1", "push-elsewhere", "done"]}
missing = [f"{section}: {text!r}" for section, texts in expected.items()
           for text in texts if text not in page.text.get(section, "")]
print("\n".join(missing), file=sys.stderr)
sys.exit(1 if missing else 0)
PY
# CI turns green; the check suite completes on the validated head: Medic merges (REST).
curl -sf -X POST "$api/__admin/ci" -H 'Content-Type: application/json' -d '{"conclusion":"success"}' > /dev/null
example check_suite completed | jq --arg sha "$head_sha" --arg branch "$branch" "$as_shop"' |
  .check_suite.head_sha = $sha | .check_suite.head_branch = $branch' > "$work/suite.json"
outcome=$(deliver check_suite suite-1 "$work/suite.json")
[[ $outcome == "acme/shop#$number: merged"* ]] || fail "not merged on green checks: $outcome"
s=$(curl -sf "$api/__admin/state")
jq -e --argjson n "$number" '.merges | length == 1 and .[0].pull_number == $n and .[0].via == "rest"' \
  <<< "$s" > /dev/null || fail "no REST merge of #$number: $(jq -c .merges <<< "$s")"

# What /metrics says of it all (valid Prometheus text): one PR opened and merged, the run's
# stages timed, GitHub's API counted with the rate limit left.
curl -sf "$url/metrics" > "$work/metrics.txt"
promtool check metrics < "$work/metrics.txt" || fail "promtool rejects /metrics"
for line in 'medic_pull_requests_total{action="opened"} 1' 'medic_pull_requests_total{action="merged"} 1' \
  'medic_pipeline_stage_seconds_count{stage="validate"} 1'; do
  grep -qxF "$line" "$work/metrics.txt" || fail "/metrics lacks '$line': $(grep -E 'pull_requests|stage_seconds_count' "$work/metrics.txt")"
done
awk '$1 == "medic_github_api_requests_total" && $2 > 10 {found = 1} END {exit !found}' "$work/metrics.txt" ||
  fail "GitHub API requests not counted"
grep -q '^medic_github_rate_limit_remaining [0-9]' "$work/metrics.txt" || fail "no rate limit gauge"

# The pull_request closed event never arrives: restarted with a re-read every second, the server
# records the merge from GitHub's own state.
kill -TERM "$server_pid"
wait "$server_pid" || fail "medic serve exited $? after SIGTERM"
sed -i 's/^  workers: 1$/  workers: 1\n  reread_interval: 1s/' "$work/server.yml"
start_medic_serve "$medic" "$work/server.yml" "$work/server.log" || fail "medic serve did not start again"
for _ in $(seq 1 100); do
  grep -q "re-read: acme/shop#$number merged (recorded on a re-read)" "$work/server.log" && break
  sleep 0.2
done
grep -q "re-read: acme/shop#$number merged (recorded on a re-read); waiting for production" "$work/server.log" ||
  fail "the merge was not recorded on a re-read, waiting for production"

# Production after the merge: the shop built from the merged main serves its load driver's
# coupon traffic, sent as live OTLP. The handler is judged against the distribution the report
# held before the fix: effective, with the production speedup, as the attempt's fate; the merged
# pull request is told.
verdict=$(shop_app_production_after_merge "$number")
[[ $verdict == *"after the merge: effective, faster: median"* ]] ||
  fail "production after the merge was not judged effective: $verdict"
"$medic" outcomes --state-dir "$work/state" --json > "$work/outcomes.json"
jq -e '.strategies[] | select(.strategy | startswith("rules/")) |
    .merged == 1 and .effective == 1 and .worse == 0 and .median_production_speedup > 2' \
  "$work/outcomes.json" > /dev/null || fail "medic outcomes: $(cat "$work/outcomes.json")"
"$medic" outcomes --state-dir "$work/state" | grep -E "^rules/.* 1 +0 +0 +0 +[0-9.]+x +[0-9.]+x " > /dev/null ||
  fail "the outcomes table shows no production speedup: $("$medic" outcomes --state-dir "$work/state")"
for _ in $(seq 1 100); do
  told=$(curl -sf "$api/__admin/state" | jq --argjson n "$number" \
    '[.comments[] | select(.issue_number == $n and (.body | contains("Production after the merge: effective")))] | length')
  [[ $told == 1 ]] && break
  sleep 0.2
done
[[ $told == 1 ]] || fail "the merged pull request was not told: $(curl -sf "$api/__admin/state" | jq -c '[.comments[] | .body[0:60]]')"

# The event arrives after all: recorded again, the same; later checks on its head decide nothing.
example pull_request closed | jq --argjson n "$number" --arg ref "$branch" \
  --arg sha "$(jq -r '.merges[0].sha' <<< "$s")" "$as_shop"' | .number = $n |
  .pull_request.number = $n | .pull_request.head.ref = $ref | .pull_request.merged = true |
  .pull_request.merge_commit_sha = $sha' > "$work/closed.json"
outcome=$(deliver pull_request closed-1 "$work/closed.json")
[[ $outcome == "acme/shop#$number merged" ]] || fail "outcome not recorded: $outcome"
outcome=$(deliver check_suite suite-2 "$work/suite.json")
[[ $outcome == "no open Medic pull request at "* ]] || fail "a closed pull request was decided on: $outcome"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
[[ $status -eq 0 ]] || fail "medic serve exited $status after SIGTERM"
[[ $(curl -sf "$api/__admin/state" | jq '.pulls | length') == 1 ]] || fail "a second PR appeared"
echo "ok: acme/shop#$number published, steered by comments, merged on green checks," \
  "its merge recorded on a re-read, judged effective in production"
jq -r '.strategies[] | "  \(.strategy): benchmark \(.median_speedup)x, production \(.median_production_speedup)x"' \
  "$work/outcomes.json"
