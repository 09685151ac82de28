# Sourced by the `medic serve` tests: start_medic_serve MEDIC CONFIG LOG starts `medic serve
# --config CONFIG --listen 127.0.0.1:0` in the background with its stderr appended to LOG, waits
# for its "listening on" line, and sets server_pid and url. Returns 1 (saying why on stderr)
# when it exits or does not listen within 10 s.
start_medic_serve() {
  local medic=$1 config=$2 log=$3
  : > "$log"
  "$medic" serve --config "$config" --listen 127.0.0.1:0 2>> "$log" &
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
