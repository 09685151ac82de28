# Sourced by the serve tests. acknowledged_counts STORE ACKED_FILE prints, for the deliveries a
# flood (webhooks/flood.mjs) got a 2xx for, what the store holds, as "acked recorded done
# installed total unfinished failed retried": how many were acknowledged; how many of those are
# recorded, have their job done, and have their installation (installation.created of
# 1000000 + the number that ends the delivery's id); then every delivery the store holds, its
# jobs not done, failed, and run more than once. STORE: a SQLite file or a postgresql:// URL;
# nothing is written to it.
acknowledged_counts() {
  local store=$1 acked=$2 pairs query
  pairs=$(mktemp)
  awk -F- '{ printf "%s,%d\n", $0, 1000000 + $NF }' "$acked" > "$pairs"
  query="SELECT (SELECT count(*) FROM acked),
    (SELECT count(*) FROM acked a JOIN deliveries d ON d.id = a.id),
    (SELECT count(*) FROM acked a JOIN jobs j ON j.delivery_id = a.id WHERE j.state = 'done'),
    (SELECT count(*) FROM acked a JOIN installations i ON i.id = a.installation),
    (SELECT count(*) FROM deliveries),
    (SELECT count(*) FROM jobs WHERE state <> 'done'),
    (SELECT count(*) FROM jobs WHERE state = 'failed'),
    (SELECT count(*) FROM jobs WHERE attempts > 1);"
  if [[ $store == postgresql://* ]]; then
    psql -X -q -A -t -F ' ' -v ON_ERROR_STOP=1 -d "$store" <<SQL
CREATE TEMP TABLE acked (id TEXT PRIMARY KEY, installation BIGINT);
\copy acked FROM '$pairs' WITH (FORMAT csv)
$query
SQL
  else
    sqlite3 -batch -noheader ":memory:" <<SQL
CREATE TABLE acked (id TEXT PRIMARY KEY, installation INTEGER);
.mode csv
.import $pairs acked
.mode list
.separator ' '
ATTACH '$store' AS s;
$query
SQL
  fi
  rm -f "$pairs"
}
