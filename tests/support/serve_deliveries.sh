# Sourced by the `medic serve` end-to-end tests on the shop, after medic_serve.sh: deliveries
# GitHub would send, built from @octokit/webhooks-examples payloads and signed.
# Needs: root, modules (webhooks node_modules), url (medic serve), api (the local GitHub API),
# work, repo (the shop copy), bare (its git-http-backend repository), secret in
# MEDIC_TEST_SECRET, a `fail` function; command_comment also needs `number` (the pull request).
#   send EVENT ID FILE            the signed delivery; prints "STATUS BODY"
#   example EVENT ACTION          the Octokit example payload
#   deliver EVENT ID FILE         sends it, waits for its job, prints the outcome; fails unless done
#   command_comment ID LOGIN BODY [TYPE]  the comment on the API server, and its issue_comment
#   push_main ID                  pushes the shop copy's main, then delivers the push event
as_shop='.repository.full_name = "acme/shop" | .repository.name = "shop" | .installation = {id: 77}'

send() { node "$root/tests/support/webhooks/send_one.mjs" "$modules" "$url" "$MEDIC_TEST_SECRET" "$@"; }
example() { node "$root/tests/support/webhooks/example.mjs" "$modules" "$@"; }

deliver() {
  local answer record
  answer=$(send "$1" "$2" "$3")
  [[ $answer == "202 "* && $answer == *'"queued"'* ]] || fail "$2 not queued: $answer"
  record=$(finished_delivery "$2" "${4:-900}")
  [[ $(jq -r .job <<< "$record") == done ]] || fail "$2 did not finish well: $record"
  jq -r .outcome <<< "$record"
}

comment_delivery() { # ID LOGIN BODY TYPE: the comment on the API server, and its delivery file
  local comment
  comment=$(curl -sf -X POST "$api/repos/acme/shop/issues/$number/comments" -H 'Authorization: Bearer ghp_test' \
    -H 'Content-Type: application/json' -d "$(jq -n --arg b "$3" '{body: $b}')" | jq .id)
  example issue_comment created | jq --argjson n "$number" --argjson id "$comment" --arg login "$2" \
    --arg body "$3" --arg type "$4" "$as_shop"' | .issue.number = $n | .issue.pull_request = {url: "https://api.github.com/repos/acme/shop/pulls/\($n)"}
      | .comment.id = $id | .comment.body = $body | .comment.user.login = $login | .comment.user.type = $type' > "$work/$1.json"
}

command_comment() {
  comment_delivery "$1" "$2" "$3" "${4:-User}"
  deliver issue_comment "$1" "$work/$1.json"
}

push_main() {
  git -C "$repo" push -q "$bare" HEAD:refs/heads/main
  example push - | jq --arg after "$(git -C "$repo" rev-parse HEAD)" "$as_shop"' |
    .ref = "refs/heads/main" | .after = $after | .repository.default_branch = "main"' > "$work/$1.json"
  deliver push "$1" "$work/$1.json"
}
