# Sourced by the `medic serve` end-to-end tests that run the shop as a GitHub App's repository,
# after setting medic, git_server, root and a prefix for the webhook secret in secret_prefix.
# Sets work, server_pid, the EXIT trap (medic serve, the model server when one was started, the
# git and GitHub API servers, the work folder unless MEDIC_KEEP_TEST_WORK is set), fail,
# XDG_CACHE_HOME, MEDIC_TEST_SECRET, token, modules (the webhooks' node_modules), apply_coupon.
#   shop_app_repository    a git copy of the shop in $repo, the git server ($bare, $git_url)
#   shop_app_api           pushes $repo's main, then starts the local GitHub API ($api) for the
#                          App (id 4242, installation 77; CI pending, GitHub's auto-merge off)
#   shop_app_report OUT    medic detect on the shop's events into $work/detected.json, cut to
#                          the regex fix's anomaly in OUT
#   shop_app_serve WORKERS [LINES]  writes $work/server.yml (WORKERS workers, LINES added to its
#                          server: section, the App's github: section) and starts medic serve
#                          on it ($url, $server_pid; its log in $work/server.log); then the
#                          deliveries of serve_deliveries.sh are at hand
work=$(mktemp -d)
server_pid=
source "$root/tests/support/github_servers.sh"
source "$root/tests/support/git_copy.sh"
shop_app_cleanup() {
  [[ -n $server_pid ]] && kill -9 "$server_pid" 2>/dev/null || true
  [[ -n ${model_server_pid-} ]] && kill "$model_server_pid" 2>/dev/null || true
  stop_github_servers
  if [[ -n ${MEDIC_KEEP_TEST_WORK-} ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap shop_app_cleanup EXIT
fail() { echo "FAIL: $*" >&2; [[ -f $work/server.log ]] && tail -40 "$work/server.log" >&2; exit 1; }
export XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache}
export MEDIC_TEST_SECRET="$secret_prefix-$RANDOM-$RANDOM"
apply_coupon=69ecf7a193c7dde9 # the regex fix: ~230x faster, never near the p-value bar
token=ghs-git-push-token
modules=$("$root/tests/support/webhooks/install.sh")/node_modules

shop_app_repository() {
  repo=$work/shop
  git_copy "$root/fixtures/services/shop" "$repo"
  start_git_server "$git_server" "$work" "$token"
  bare=$git_bare
}

shop_app_api() {
  git -C "$repo" push -q "$bare" HEAD:refs/heads/main
  make_app_key "$work"
  cat > "$work/api.json" <<JSON
{ "owner": "acme", "repo": "shop", "git_dir": "$bare", "clone_url": "$git_url",
  "app": { "id": 4242, "installation_id": 77, "public_key_file": "$work/app.pub.pem",
           "installation_token": "$token" },
  "required_checks": ["build"], "ci_conclusion": "pending", "allow_auto_merge": false }
JSON
  start_github_api "$root" "$work" "$work/api.json"
  api=$api_url
}

shop_app_report() {
  "$medic" detect --repo "$repo" -t "$root/fixtures/telemetry/shop/events.jsonl" \
    --out "$work/detected.json" > /dev/null || true
  jq --arg id "$apply_coupon" '.anomalies |= map(select(.id == $id))' "$work/detected.json" > "$1"
  [[ $(jq '.anomalies | length' "$1") == 1 ]] || fail "no anomaly $apply_coupon"
}

shop_app_serve() {
  cat > "$work/server.yml" <<YAML
server:
  state_dir: $work/state
  workers: $1
  webhook_secret_env: MEDIC_TEST_SECRET
${2-}
github:
  api_url: $api
  app_id: "4242"
  private_key_file: $work/app.pem
YAML
  source "$root/tests/support/medic_serve.sh"
  start_medic_serve "$medic" "$work/server.yml" "$work/server.log" || fail "medic serve did not start"
  source "$root/tests/support/serve_deliveries.sh"
}

# Production after a merge: the shop built from the served repository's main, its load driver's
# traffic to the coupon handler (stamped in a 10-minute window that starts after the merge and
# the deploy's grace of 10 minutes; the other handlers' traces left out, so that their seeded
# defects start nothing) sent as
# live OTLP by the OpenTelemetry JavaScript SDK's own exporters (otel_js/live_shop.js), with
# $MEDIC_TEST_SHOP_TOKEN. Waits for the verdict on pull request NUMBER; prints its
# line of the server log (empty when none came).
shop_app_production_after_merge() {
  local number=$1 after prefix
  # Checkout and build folder side by side as in a validation: the shared compiler cache has
  # every file the merge left alone.
  git clone -q --branch main "$bare" "$work/merged/worktree"
  cmake -S "$work/merged/worktree" -B "$work/merged/build" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
  cmake --build "$work/merged/build" --target shop-load > "$work/merged-build.log" 2>&1 ||
    fail "the merged shop does not build: $(tail -20 "$work/merged-build.log")"
  after=$((($(date +%s) / 600 + 2) * 600 + 60))
  "$work/merged/build/shop-load" --out "$work/after" --requests 3000 --span 5m \
    --start "$(date -u -d "@$after" +%Y-%m-%dT%H:%M:%SZ)" > /dev/null || fail "the load driver failed"
  grep -F 'shop::ApplyCoupon::handle' "$work/after/traces.otlp.jsonl" > "$work/after/coupon.otlp.jsonl"
  : > "$work/after/no.logs.jsonl"
  prefix=$("$root/tests/support/otel_js/install.sh" sdk2) || fail "installing the OpenTelemetry SDK"
  node "$root/tests/support/otel_js/live_shop.js" "$prefix" "$work/after/coupon.otlp.jsonl" \
    "$work/after/no.logs.jsonl" "$url" "$MEDIC_TEST_SHOP_TOKEN" "$work/after/sent.json" ||
    fail "the SDK's exporters failed: $(cat "$work/after/sent.json" 2>/dev/null)"
  for _ in $(seq 1 100); do
    grep -q "acme/shop#$number after the merge: " "$work/server.log" && break
    sleep 0.2
  done
  grep "acme/shop#$number after the merge: " "$work/server.log" || true
}
