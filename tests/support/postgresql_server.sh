#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests, on 127.0.0.1 and a free port, its data in a
# temporary directory. As root, the server runs as the postgres user (initdb refuses root).
# It speaks TLS (a self-signed certificate for 127.0.0.1, made at start) and plain; the user
# medic is trusted, the user medic_password must give its password (SCRAM).
#   postgresql_server.sh start STATE_FILE   starts one; STATE_FILE's lines: its data directory,
#                                           its port, the URL prefix of its databases
#                                           (postgresql://medic@127.0.0.1:PORT/), the server's
#                                           certificate, medic_password's password
#   postgresql_server.sh stop STATE_FILE    stops it and removes its data
#   postgresql_server.sh restart STATE_FILE stops it (fast: open connections are cut) and
#                                           starts it again on the same port
#   postgresql_server.sh database STATE_FILE NAME
#                                           creates the database NAME there; prints its URL
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
command=$1
state=$2

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
# server_start DIR PORT
server_start() {
  as_server_user "$bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
    -o "-p $2 -k $1 -c listen_addresses=127.0.0.1 -c max_connections=200 -c ssl=on" \
    start >/dev/null \
    || { cat "$1/server.log" >&2; exit 1; }
}

case $command in
start)
  dir=$(mktemp -d /tmp/medic-postgresql.XXXXXX)
  [[ $(id -u) -ne 0 ]] || chown postgres "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_server_user "$bin/initdb" -D "$dir/data" -U medic -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_server_user openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -days 7 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$dir/data/server.key" -out "$dir/data/server.crt" 2>/dev/null
  printf '%s\n%s\n' "host all medic_password 127.0.0.1/32 scram-sha-256" \
    "$(cat "$dir/data/pg_hba.conf")" > "$dir/pg_hba.conf"
  as_server_user cp "$dir/pg_hba.conf" "$dir/data/pg_hba.conf"
  server_start "$dir" "$port"
  password=$(openssl rand -hex 12)
  psql -X -q -v ON_ERROR_STOP=1 -d "postgresql://medic@127.0.0.1:$port/postgres" \
    -c "CREATE ROLE medic_password LOGIN CREATEDB PASSWORD '$password'"
  printf '%s\n%s\n%s\n%s\n%s\n' "$dir" "$port" "postgresql://medic@127.0.0.1:$port/" \
    "$dir/data/server.crt" "$password" > "$state"
  echo "PostgreSQL 15 on 127.0.0.1:$port, data in $dir"
  ;;
stop)
  [[ -f $state ]] || exit 0
  dir=$(sed -n 1p "$state")
  as_server_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$state"
  ;;
restart)
  dir=$(sed -n 1p "$state")
  as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  server_start "$dir" "$(sed -n 2p "$state")"
  ;;
database)
  server=$(sed -n 3p "$state")
  psql -X -q -v ON_ERROR_STOP=1 -d "${server}postgres" -c "CREATE DATABASE $3" >&2
  echo "$server$3"
  ;;
*)
  echo "usage: $0 start|stop|restart STATE_FILE, or database STATE_FILE NAME" >&2
  exit 2
  ;;
esac
