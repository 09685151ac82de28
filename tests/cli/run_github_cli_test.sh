#!/usr/bin/env bash
# `medic run --publish github` end to end on a git copy of the sample shop, as a GitHub App:
# branches pushed over smart HTTP (lighttpd + git-http-backend, token auth) and pull requests
# on the local GitHub API server, which checks every request against GitHub's OpenAPI
# description and fails the test on any that does not conform.
#   run 1: at most 1 new PR per hour -> one PR opened (labels, reviewers from CODEOWNERS,
#          status comment, medic/validation check run), the other fix held; a 403 secondary
#          rate limit with Retry-After on the first PR creation is waited out.
#   run 2: limit 2 per hour, auto-merge on -> the same PR updated (not duplicated) and merged
#          (required check green), the held fix opened and merged too.
# Also: a wrong token stops the run at once with GitHub's reason; medic doctor passes.
# Usage: run_github_cli_test.sh MEDIC GIT_HTTP_SERVER SOURCE_ROOT
set -euo pipefail
medic=$1
git_server=$2
root=$3
work=$(mktemp -d)
source "$root/tests/support/github_servers.sh"
cleanup() {
  stop_github_servers
  if [[ -n ${MEDIC_KEEP_TEST_WORK-} ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
export XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache}
apply_coupon=69ecf7a193c7dde9 # the regex fix: ~230x faster, never near the p-value bar
checkout=2cb407cad7c29b34
token=ghs-git-push-token

fail() { echo "FAIL: $*" >&2; exit 1; }
source "$root/tests/support/git_copy.sh"
repo=$work/shop
git_copy "$root/fixtures/services/shop" "$repo"
mkdir -p "$repo/.github"
printf '*       @alice\nsrc/    @bob @acme/perf\n' > "$repo/.github/CODEOWNERS"
git_commit_all "$repo" "Owners"

# The git server: bare repository acme/shop, basic auth with the installation token.
start_git_server "$git_server" "$work" "$token"
bare=$git_bare
git -C "$repo" push -q "$bare" HEAD:refs/heads/main

# The GitHub App and the API server; the installation tokens it mints are the one the git
# server accepts, as on GitHub where one installation token serves the API and git.
make_app_key "$work"
cat > "$work/api.json" <<JSON
{ "owner": "acme", "repo": "shop", "git_dir": "$bare",
  "app": { "id": 4242, "installation_id": 77, "public_key_file": "$work/app.pub.pem",
           "installation_token": "$token" },
  "collaborators": ["alice", "bob"], "teams": ["perf"],
  "required_checks": ["build"], "ci_conclusion": "success", "allow_auto_merge": true,
  "faults": [ { "method": "POST", "path": "^/repos/acme/shop/pulls$", "status": 403,
                "headers": { "retry-after": "1" },
                "body": { "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                          "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" },
                "times": 1 } ] }
JSON
start_github_api "$root" "$work" "$work/api.json"
api=$api_url

write_config() { # $1: max_new_per_hour, $2: auto-merge enabled
  cp "$repo/.github/medic.yml" "$work/medic.yml"
  cat >> "$work/medic.yml" <<YAML
fix: { strategies: [rules] }
publish:
  mode: github
  remote: $git_url
  max_new_per_hour: $1
  auto_merge: { enabled: $2, max_diff_lines: 40 }
github:
  api_url: $api
  repository: acme/shop
  app_id: "4242"
  private_key_file: $work/app.pem
  installation_id: 77
YAML
}

run() { # $1: out dir
  local status=0
  "$medic" run --repo "$repo" -c "$work/medic.yml" -t "$root/fixtures/telemetry/shop/events.jsonl" \
    "$root/fixtures/telemetry/shop/logs.jsonl" --only "$apply_coupon" "$checkout" \
    --out "$1" --work-dir "$work/validate" --no-color > "$1.log" 2>&1 || status=$?
  [[ $status -eq 0 ]] || { cat "$1.log" >&2; fail "medic run exited $status"; }
}

state() { curl -sf "$api/__admin/state"; }
violations() {
  local found
  found=$(curl -sf "$api/__admin/violations")
  [[ $(jq 'length' <<< "$found") == 0 ]] || fail "requests that do not conform to GitHub's OpenAPI: $found"
}

write_config 1 false
"$medic" doctor --repo "$repo" -c "$work/medic.yml" --skip-code --no-color > "$work/doctor.log" 2>&1 \
  || { cat "$work/doctor.log" >&2; fail "medic doctor found problems"; }
grep -q "✓ push access" "$work/doctor.log" || fail "doctor did not check push access: $(cat "$work/doctor.log")"

mkdir -p "$work/run1"
run "$work/run1"
violations
s=$(state)
[[ $(jq '.pulls | length' <<< "$s") == 1 ]] || fail "run 1 should open exactly one PR: $(jq -c '[.pulls[] | {number, head_ref}]' <<< "$s")"
jq -e '[.fixes[] | select(.status == "held")] | length == 1' "$work/run1/run.json" >/dev/null \
  || fail "run 1 should hold one fix at the hourly limit: $(jq -c '[.fixes[] | {handler, status, reason}]' "$work/run1/run.json")"
grep -q "max_new_per_hour" "$work/run1/run.json" || fail "the held fix does not name the limit"
[[ $(jq '.faults_served | length' <<< "$s") == 1 ]] || fail "the secondary rate limit fault was not served"
pr=$(jq '.pulls[0]' <<< "$s")
number=$(jq '.number' <<< "$pr")
branch=$(jq -r '.head_ref' <<< "$pr")
[[ $branch == medic/* ]] || fail "PR head $branch is not a Medic branch"
git --git-dir "$bare" rev-parse --verify -q "refs/heads/$branch" >/dev/null || fail "$branch was not pushed"
jq -e '.body | contains("medic:fingerprint=")' <<< "$pr" >/dev/null || fail "the PR body lacks the fingerprint marker"
labels=$(jq -c --arg n "$number" '.issue_labels[$n]' <<< "$s")
grep -q '"medic"' <<< "$labels" && grep -q '"medic:' <<< "$labels" || fail "labels: $labels"
reviewers=$(jq -c --argjson n "$number" '[.review_requests[] | select(.pull_number == $n)]' <<< "$s")
grep -q bob <<< "$reviewers" && grep -q perf <<< "$reviewers" || fail "reviewers from CODEOWNERS: $reviewers"
jq -e '[.check_runs[] | select(.name == "medic/validation" and .conclusion == "success")] | length == 1' <<< "$s" >/dev/null \
  || fail "no successful medic/validation check run: $(jq -c '[.check_runs[] | {name, conclusion}]' <<< "$s")"
[[ $(jq '[.comments[] | select(.body | contains("medic:status="))] | length' <<< "$s") == 1 ]] || fail "status comment"
jq -e '.merges | length == 0' <<< "$s" >/dev/null || fail "run 1 merged without the auto-merge policy"

write_config 2 true
mkdir -p "$work/run2"
run "$work/run2"
violations
s=$(state)
[[ $(jq '.pulls | length' <<< "$s") == 2 ]] || fail "run 2 should open the held fix only: $(jq -c '[.pulls[] | {number, head_ref}]' <<< "$s")"
[[ $(jq -r --argjson n "$number" '.pulls[] | select(.number == $n) | .head_ref' <<< "$s") == "$branch" ]] \
  || fail "run 2 did not keep PR #$number on $branch"
[[ $(jq '[.comments[] | select(.body | contains("medic:status="))] | length' <<< "$s") == 2 ]] \
  || fail "run 2 duplicated a status comment"
[[ $(jq '[.check_runs[] | select(.name == "medic/validation")] | length' <<< "$s") == 2 ]] \
  || fail "run 2 duplicated a check run"
[[ $(jq '[.pulls[] | select(.merged_at != null)] | length' <<< "$s") == 2 ]] \
  || fail "both PRs should be merged under the policy: $(jq -c '[.pulls[] | {number, merged_at}]' <<< "$s"); $(jq -c '[.fixes[] | {handler, status, reason, pull_request}]' "$work/run2/run.json")"

# A wrong key: the App's JWT is refused at once, before any work.
openssl genrsa -traditional -out "$work/other.pem" 2048 2>/dev/null
sed -i "s|private_key_file: .*|private_key_file: $work/other.pem|" "$work/medic.yml"
status=0
"$medic" run --repo "$repo" -c "$work/medic.yml" -t "$root/fixtures/telemetry/shop/events.jsonl" \
  --out "$work/run3" --no-color > "$work/run3.log" 2>&1 || status=$?
[[ $status -eq 2 ]] || fail "a wrong App key should stop the run (exit 2), got $status"
grep -q "JWT" "$work/run3.log" || fail "the error does not say the JWT was refused: $(cat "$work/run3.log")"
echo "ok: PRs opened within the limits, updated not duplicated, merged under the policy; the secondary rate limit was waited out"
