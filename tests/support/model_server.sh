# Sourced by CLI tests that point Medic at a local model (medic_llm_test_server). Expects $work.
#   start_model_server SERVER ANSWERS.json REQUEST_DIR KEY   starts it; sets $model_port
#   stop_model_server    closes its stdin, waits, and fails on any protocol violation it saw
# The EXIT trap this file installs stops a server still running and removes $work.
model_server_pid=
model_port=
stop_model_server_quietly() {
  if [[ -n $model_server_pid ]]; then kill "$model_server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap stop_model_server_quietly EXIT

start_model_server() {
  local server=$1 answers=$2 requests=$3 key=$4
  coproc MODEL_SERVER { exec "$server" "$answers" "$requests" "$key"; }
  model_server_pid=$MODEL_SERVER_PID
  read -r -t 30 model_port <&"${MODEL_SERVER[0]}" || { echo "the model server printed no port"; return 1; }
  [[ $model_port =~ ^[0-9]+$ ]] || { echo "not a port: $model_port"; return 1; }
}

# The server writes what it received (REQUEST_DIR/request-<n>.json) when its stdin closes.
stop_model_server() {
  local requests=$1 status=0
  exec {MODEL_SERVER[1]}>&-
  wait "$model_server_pid" || status=$?
  model_server_pid=
  [[ $status -eq 0 ]] || { echo "the server saw protocol violations:"; cat "$requests/violations.txt"; return 1; }
}
