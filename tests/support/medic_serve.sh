# Sourced by the `medic serve` tests.
#   start_medic_serve MEDIC CONFIG LOG [HOST:PORT]  starts `medic serve --config CONFIG --listen
#     HOST:PORT` (default 127.0.0.1:0) in the background, its stderr in LOG; waits for its
#     "listening on" line and sets server_pid and url. Returns 1 (saying why on stderr) when it
#     exits or does not listen within 10 s.
#   delivery_record ID           the delivery's record in $url/api/deliveries (JSON), or nothing
#   finished_delivery ID [SECS]  that record once its job is done or failed (or after SECS, 30)
start_medic_serve() {
  local medic=$1 config=$2 log=$3 listen=${4:-127.0.0.1:0}
  : > "$log"
  "$medic" serve --config "$config" --listen "$listen" 2>> "$log" &
  server_pid=$!
  for _ in $(seq 1 100); do
    url=$(sed -n 's|.*listening on \(http://[0-9.]*:[0-9]*\).*|\1|p' "$log")
    [[ -n $url ]] && return 0
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "medic serve exited at start" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "medic serve did not start listening" >&2
  return 1
}

delivery_record() {
  curl -sf "$url/api/deliveries?limit=1000" | jq -c --arg id "$1" '.deliveries[] | select(.id == $id)'
}

finished_delivery() {
  local record
  for _ in $(seq 1 $((${2:-30} * 5))); do
    record=$(delivery_record "$1")
    [[ $(jq -r .job <<< "${record:-null}") == @(done|failed) ]] && break
    sleep 0.2
  done
  echo "$record"
}
