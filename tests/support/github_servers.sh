# Sourced by tests and benchmarks that publish to "GitHub" locally: the git smart-HTTP server
# (lighttpd + git-http-backend, tests/support/git_http_server*) and the local GitHub API server
# (tests/support/github_api, requests checked against GitHub's OpenAPI description).
#   start_git_server GIT_SERVER_EXE WORK TOKEN  -> sets git_url, git_bare
#   start_github_api SOURCE_ROOT WORK CONFIG    -> sets api_url (state in WORK/api-state.json)
#   make_app_key DIR                            -> DIR/app.pem (PKCS#1, as GitHub issues) and DIR/app.pub.pem
#   stop_github_servers                         -> kills both (call from an EXIT trap)
# Needs a `fail` function from the caller.
github_server_pids=()

wait_for_file() {
  local _
  for _ in $(seq 1 600); do [[ -s $1 ]] && return 0; sleep 0.2; done
  fail "timed out waiting for $1"
}

start_git_server() {
  local exe=$1 work=$2 token=$3
  "$exe" --root-repo shop --token "$token" --url-file "$work/git.url" \
    --repo-path-file "$work/git.path" > "$work/git-server.log" 2>&1 &
  github_server_pids+=($!)
  wait_for_file "$work/git.url"
  git_url=$(cat "$work/git.url")
  git_bare=$(cat "$work/git.path")
}

start_github_api() {
  local root=$1 work=$2 config=$3
  "$root/tests/support/github_api/run_server.sh" --config "$config" \
    --port-file "$work/api.port" --state-file "$work/api-state.json" > "$work/api.log" 2>&1 &
  github_server_pids+=($!)
  wait_for_file "$work/api.port"
  api_url=http://127.0.0.1:$(cat "$work/api.port")
}

make_app_key() {
  openssl genrsa -traditional -out "$1/app.pem" 2048 2>/dev/null || fail "openssl genrsa failed"
  openssl rsa -in "$1/app.pem" -pubout -out "$1/app.pub.pem" 2>/dev/null || fail "openssl rsa failed"
}

stop_github_servers() {
  local pid
  for pid in "${github_server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
