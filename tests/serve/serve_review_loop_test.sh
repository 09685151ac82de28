#!/usr/bin/env bash
# The review loop through `medic serve`, on a git copy of the shop with the local git and GitHub
# API servers and a local model: a dispatched report publishes the regex fix; then, by signed
# deliveries built from @octokit/webhooks-examples payloads,
#   /medic retry          validates it again: the check run is rewritten, the branch not pushed;
#   /medic revise <text>  the model drafts with the feedback (fenced in the prompt), validated,
#                         pushed with a lease; the answer says the rule took no feedback;
#   a review requesting changes, with a line comment, revises again;
#   a push to main elsewhere leaves the pull request alone (no push to its branch), a push that
#   conflicts brings it onto the new base (re-drafted: the revision no longer applies);
#   a person's push to the branch hands it over, once, and Medic changes it no more; /medic close
#   still closes it, deletes the branch and records the rejection: the same change is never
#   proposed again;
#   the same delivery twice and two commands at once each act once; an edited comment and a
#   bot's command are ignored;
#   an anomaly that fails publish.max_attempts (2) times gets an issue, closed when a whole
#   detection no longer has it; medic outcomes counts every attempt per strategy.
# Usage: serve_review_loop_test.sh MEDIC GIT_HTTP_SERVER MODEL_SERVER SOURCE_ROOT
set -euo pipefail
medic=$1
git_server=$2
model_server=$3
root=$4
secret_prefix=review
source "$root/tests/support/shop_app.sh"
source "$root/tests/support/model_server.sh"
trap shop_app_cleanup EXIT # model_server.sh's trap only knows its own server
export MEDIC_TEST_KEY="model-key-$RANDOM"
shop_app_repository
git --git-dir "$bare" config core.logAllRefUpdates always # every push to a branch is counted
# The server reads this file for acme/shop instead of the repository's own medic.yml: the
# model's address is known only once the pull request exists.
cp "$repo/.github/medic.yml" "$work/shop-medic.yml"
printf '\npublish: { max_attempts: 2 }\n' >> "$work/shop-medic.yml"

shop_app_api
shop_app_report "$work/report.json"
dispatch_of() { # REPORT OUT: a repository_dispatch carrying REPORT
  jq --slurpfile report "$1" '{action: "medic-anomaly-report", branch: "main",
      client_payload: {anomaly_report: $report[0]},
      repository: {id: 1, name: "shop", full_name: "acme/shop"},
      installation: {id: 77}, sender: {login: "ci-bot", type: "Bot"}}' -n > "$2"
}
dispatch_of "$work/report.json" "$work/dispatch.json"

shop_app_serve 2 "  repositories:
    acme/shop:
      config: $work/shop-medic.yml"

outcome=$(deliver repository_dispatch dispatch-1 "$work/dispatch.json")
[[ $outcome == *"published 1"* && $outcome == *"#1"* ]] || fail "not published: $outcome"
s=$(curl -sf "$api/__admin/state")
number=$(jq -r '.pulls[0].number' <<< "$s")
branch=$(jq -r '.pulls[0].head_ref' <<< "$s")
branch_head() { git --git-dir "$bare" rev-parse "refs/heads/$branch"; }
pushes() { git --git-dir "$bare" reflog show --format=%H "refs/heads/$branch" | wc -l; }
state() { curl -sf "$api/__admin/state"; }
medic_says() { # MARKER-FREE TEXT: how many of Medic's comments contain it
  state | jq --arg text "$1" '[.comments[] | select(.user.login == "medic[bot]" and (.body | contains($text)))] | length'
}
first_head=$(branch_head)
[[ $(pushes) == 1 ]] || fail "expected one push, found $(pushes)"

# /medic retry: validated again, the same change: no push, the check run rewritten on the head.
outcome=$(command_comment retry-1 bob "/medic retry")
[[ $outcome == *"validated again: branch unchanged"* ]] || fail "/medic retry: $outcome"
[[ $(branch_head) == "$first_head" && $(pushes) == 1 ]] || fail "a retry pushed the branch"
[[ $(medic_says "@bob, Medic validated this fix again: the same change as before") == 1 ]] ||
  fail "no answer to the retry"
state | jq -e --arg sha "$first_head" '[.check_runs[] | select(.name == "medic/validation" and .head_sha == $sha)] |
  length == 1 and .[0].conclusion == "success"' > /dev/null || fail "the check run is not one success on the head"
# GitHub delivers it again: acknowledged as a duplicate, nothing run.
[[ $(send issue_comment retry-1 "$work/retry-1.json") == *'"duplicate"'* ]] || fail "retry-1 again is no duplicate"

# The model's revisions: the rule's diff with a line marked, one for each request.
fix_diff=$work/state/runs/dispatch-1/$apply_coupon/fix.diff
[[ -s $fix_diff ]] || fail "the run kept no fix.diff"
revised() { awk -v note="$1" '!done && /^\+[^+]/ && !/\\$/ { print $0 " // " note; done = 1; next } { print }' "$fix_diff"; }
revised "hoisted once, as the review asked" > "$work/revise-1.diff"
revised "hoisted once, bounded as asked" > "$work/revise-2.diff"
jq -n --rawfile one "$work/revise-1.diff" --rawfile two "$work/revise-2.diff" \
  '[{draft: {root_cause: "The coupon pattern is compiled for every cart line.", confidence: 0.8, diff: $one}},
    {draft: {root_cause: "The coupon pattern is compiled for every cart line.", confidence: 0.8, diff: $two}}]' \
  > "$work/answers.json"
start_model_server "$model_server" "$work/answers.json" "$work/requests" "$MEDIC_TEST_KEY" || fail "no model server"
printf 'llm: { provider: openai, base_url: "http://127.0.0.1:%s/v1", model: test-model, api_key_env: MEDIC_TEST_KEY }\n' \
  "$model_port" >> "$work/shop-medic.yml"

# /medic revise <feedback>: the model's draft, validated and pushed over Medic's own commit.
outcome=$(command_comment revise-1 bob $'/medic revise Say why the pattern is hoisted.\nA comment is enough.')
[[ $outcome == *"revised: branch updated to "* ]] || fail "/medic revise: $outcome"
[[ $(pushes) == 2 && $(branch_head) != "$first_head" ]] || fail "the revision was not pushed once"
grep -q "hoisted once, as the review asked" <<< "$(git --git-dir "$bare" diff main "$branch")" ||
  fail "the branch does not hold the model's revision"
[[ $(medic_says "@bob, the rule-based fixer") == 1 &&
   $(medic_says "cannot take feedback, so Medic asked the model (openai:test-model)") == 1 ]] ||
  fail "the answer does not say the rule took no feedback"
[[ $(state | jq '[.reactions[] | select(.content == "eyes")] | length') == 2 ]] || fail "each command gets one reaction"

# A review that requests changes, with a line comment: a revision with both.
fixed=$(git --git-dir "$bare" diff --name-only main "$branch" -- '*.cpp' '*.hpp' | head -1)
review=$(curl -sf -X POST "$api/repos/acme/shop/pulls/$number/reviews" -H 'Authorization: Bearer ghp_test' \
  -H 'Content-Type: application/json' -d "$(jq -n --arg path "$fixed" \
  '{event: "REQUEST_CHANGES", body: "Please also say it is bounded.", comments: [{path: $path, line: 1, body: "Mention the bound here."}]}')" | jq .id)
example pull_request_review submitted | jq --argjson n "$number" --argjson id "$review" "$as_shop"' |
  .pull_request.number = $n | .review.id = $id | .review.state = "changes_requested" |
  .review.body = "Please also say it is bounded." | .review.user.login = "bob" | .review.user.type = "User"' > "$work/review-1.json"
outcome=$(deliver pull_request_review review-1 "$work/review-1.json")
[[ $outcome == *"revised: branch updated to "* ]] || fail "the review did not revise: $outcome"
[[ $(pushes) == 3 ]] || fail "the review's revision was not pushed once"
stop_model_server "$work/requests" || fail "the model server saw protocol violations"
prompt() { jq -r '.messages[] | select(.role == "user") | .content' "$work/requests/request-$1.json"; }
first_prompt=$(prompt 1)
second_prompt=$(prompt 2)
grep -q "Say why the pattern is hoisted." <<< "$first_prompt" || fail "the feedback is not in the prompt"
grep -q "<untrusted-review-feedback>" <<< "$first_prompt" || fail "the feedback is not fenced"
grep -qF "$fixed:1: Mention the bound here." <<< "$second_prompt" || fail "the review's line comment is not in the prompt"
grep -q "hoisted once, as the review asked" <<< "$second_prompt" || fail "the prompt does not show the current fix"

# main moves elsewhere: the pull request merges cleanly and its branch is not touched.
echo "Run Medic's serve tests before a release." >> "$repo/CONTRIBUTING.md"
git_commit_all "$repo" "Contributing: a note"
outcome=$(push_main push-elsewhere)
[[ $outcome == *"#$number merges cleanly"* && $(pushes) == 3 ]] || fail "a push elsewhere: $outcome, $(pushes) pushes"
# main changes the lines the fix changes: conflicting, it is brought onto the new base.
sed -i 's|$| // edited on main|' "$repo/$fixed"
git_commit_all "$repo" "Annotate $fixed"
outcome=$(push_main push-conflict)
[[ $outcome == *"#$number conflicts with main at "*"brought onto the new base: branch updated to "* ]] ||
  fail "the conflicting pull request was not rebased: $outcome"
[[ $(pushes) == 4 ]] || fail "the rebase was not one push"
git --git-dir "$bare" merge-base --is-ancestor main "$branch" || fail "the branch is not on the new main"
[[ $(medic_says "this branch conflicted with it. Medic brought this fix onto the new base") == 1 ]] ||
  fail "the pull request was not told of the rebase"

# Two commands at once on one pull request: each acts once, one after the other.
comment_delivery retry-2 bob "/medic retry" User
comment_delivery explain-1 bob "/medic explain" User
[[ $(send issue_comment retry-2 "$work/retry-2.json") == *'"queued"'* ]] || fail "retry-2 not queued"
[[ $(send issue_comment explain-1 "$work/explain-1.json") == *'"queued"'* ]] || fail "explain-1 not queued"
for id in retry-2 explain-1; do
  [[ $(jq -r .job <<< "$(finished_delivery "$id" 900)") == done ]] || fail "$id did not finish"
done
[[ $(state | jq '[.reactions[] | select(.content == "eyes")] | length') == 4 ]] || fail "not one reaction per command"
[[ $(medic_says "what Medic knows about this fix") == 1 ]] || fail "not one explanation"

# An edited comment is no command; a bot's command is ignored without a word.
example issue_comment edited | jq "$as_shop"' | .comment.body = "/medic close"' > "$work/edited.json"
[[ $(send issue_comment edited-1 "$work/edited.json") == *'"ignored"'* ]] || fail "an edited comment was queued"
outcome=$(command_comment bot-1 renovate "/medic close" Bot)
[[ $outcome == *"(a bot): ignored"* ]] || fail "a bot's command: $outcome"

# A person pushes to the branch: the pull request is theirs, Medic says so once and stops.
rebased=$(branch_head)
git -C "$repo" fetch -q "$bare" "$branch"
git -C "$repo" checkout -q FETCH_HEAD
echo "// carol: reviewed" >> "$repo/$fixed"
git -C "$repo" -c user.name=carol -c user.email=carol@example.com commit -qam "Carol's touch"
git -C "$repo" push -q "$bare" "HEAD:refs/heads/$branch"
example push - | jq --arg ref "refs/heads/$branch" --arg before "$rebased" --arg after "$(git -C "$repo" rev-parse HEAD)" \
  "$as_shop"' | .ref = $ref | .before = $before | .after = $after | .sender.login = "carol"' > "$work/carol.json"
outcome=$(deliver push carol-1 "$work/carol.json")
[[ $outcome == *"handed over to carol"* ]] || fail "a person's push: $outcome"
[[ $(medic_says "@carol pushed to") == 1 ]] || fail "the hand-over was not said once"
outcome=$(command_comment retry-3 bob "/medic retry")
[[ $outcome == *"is carol's now: not run"* ]] || fail "a retry after the hand-over: $outcome"
# CI reports the anomaly again: the pull request is carol's, so the run holds it back.
outcome=$(deliver repository_dispatch dispatch-2 "$work/dispatch.json")
[[ $outcome == *"held 1"* ]] || fail "a report after the hand-over: $outcome"
[[ $(pushes) == 5 ]] || fail "Medic pushed after the hand-over"
git -C "$repo" checkout -q main
# /medic close still works: the pull request closed, its branch deleted, the rejection kept.
outcome=$(command_comment close-1 bob "/medic close")
[[ $outcome == *"closed, branch deleted"* ]] || fail "/medic close: $outcome"
state | jq -e '.pulls[0].state == "closed"' > /dev/null || fail "the pull request is still open"
! git --git-dir "$bare" rev-parse -q --verify "refs/heads/$branch" > /dev/null || fail "$branch was not deleted"
curl -sf "$url/api/pull-requests" | jq -e --argjson n "$number" \
  '.open == [] and any(.closed[]; .number == $n and .merged == false)' > /dev/null ||
  fail "the rejection is not recorded: $(curl -sf "$url/api/pull-requests")"
# The anomaly is reported again: the rule drafts the same change, which bob rejected; it is not
# proposed again (and, without a model now, nothing else is).
sed -i '/^llm:/d' "$work/shop-medic.yml"
outcome=$(deliver repository_dispatch dispatch-3 "$work/dispatch.json")
[[ $outcome == *"no draft 1"* ]] || fail "a rejected change came back: $outcome"
jq -e '.fixes[0].reason | contains("rules: the same change as pull request #1, closed at @bob'"'"'s request: never proposed again")' \
  "$work/state/runs/dispatch-3/run.json" > /dev/null || fail "the run does not say why: $(jq -c '.fixes[0].reason' "$work/state/runs/dispatch-3/run.json")"
[[ $(state | jq '.pulls | length') == 1 ]] || fail "a new pull request was opened"

# An anomaly Medic cannot fix (its handler is nowhere in the code): after two failed attempts,
# one issue; a detection without it closes the issue.
jq '.anomalies |= (map(select(.handler == "shop::Search::handle" and .kind == "slow")) | map(.handler = "shop::Nowhere::handle"))' \
  "$work/detected.json" > "$work/unfixable.json"
[[ $(jq '.anomalies | length' "$work/unfixable.json") == 1 ]] || fail "no anomaly to make unfixable"
dispatch_of "$work/unfixable.json" "$work/unfixable-dispatch.json"
deliver repository_dispatch unfixable-1 "$work/unfixable-dispatch.json" > /dev/null
[[ $(state | jq '.issues | length') == 0 ]] || fail "escalated after one failure"
deliver repository_dispatch unfixable-2 "$work/unfixable-dispatch.json" > /dev/null
s=$(state)
jq -e '.issues | length == 1 and .[0].state == "open" and (.[0].labels | index("medic:escalation")) and
  (.[0].body | contains("tried 2 times"))' <<< "$s" > /dev/null || fail "no escalation issue: $(jq -c .issues <<< "$s")"
jq '.anomalies = []' "$work/unfixable.json" > "$work/healthy.json"
dispatch_of "$work/healthy.json" "$work/healthy-dispatch.json"
outcome=$(deliver repository_dispatch healthy-1 "$work/healthy-dispatch.json")
[[ $outcome == *"escalation #"*" closed"* ]] || fail "the escalation was not closed: $outcome"
state | jq -e '.issues[0].state == "closed"' > /dev/null || fail "the issue is still open"

found=$(curl -sf "$api/__admin/violations")
[[ $(jq 'length' <<< "$found") == 0 ]] || fail "requests that do not conform to GitHub's OpenAPI: $found"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
[[ $status -eq 0 ]] || fail "medic serve exited $status after SIGTERM"

# What each strategy achieved: the rule's four attempts (published, retried, rebased, retried
# again; one replaced by the model's revision, the last closed unmerged), the model's two
# revisions (each replaced by the next change).
"$medic" outcomes --state-dir "$work/state" --json > "$work/outcomes.json" || fail "medic outcomes failed"
jq -e '(.strategies[] | select(.strategy == "rules/perf-regex-in-loop") |
        .attempts == 4 and .validated == 4 and .revised == 1 and .closed_unmerged == 1 and .median_speedup > 10) and
       (.strategies[] | select(.strategy == "llm/openai:test-model") | .attempts == 2 and .revised == 2)' \
  "$work/outcomes.json" > /dev/null || fail "medic outcomes: $(jq -c .strategies "$work/outcomes.json")"
"$medic" outcomes --state-dir "$work/state" | grep -q "^rules/perf-regex-in-loop  *4 " ||
  fail "the table: $("$medic" outcomes --state-dir "$work/state")"
echo "ok: retried, revised twice, rebased only on conflict, handed over, closed; escalated" \
  "and closed the escalation"
