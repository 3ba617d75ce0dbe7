#!/usr/bin/env bash
# Private Postgres 15 + pg_cron cluster for the local stack.
#   local/pg.sh up   DATA_DIR PORT   init (first time) and start, print nothing else
#   local/pg.sh down DATA_DIR        stop
# The cluster lives in DATA_DIR/pg; the superuser password is generated once
# into DATA_DIR/db-password. Postgres refuses to run as root, so as root the
# cluster is owned by and run as the `postgres` OS user.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
cmd=$1; data=$(realpath -m "$2"); pgdir="$data/pg"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  up)
    port=$3
    mkdir -p "$data"
    # The postgres OS user must be able to reach the cluster folder inside.
    [ "$(id -u)" -eq 0 ] && chmod o+x "$data"
    if [ ! -s "$data/db-password" ]; then
      head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$data/db-password"
    fi
    if [ ! -f "$pgdir/PG_VERSION" ]; then
      mkdir -p "$pgdir"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdir" && chmod 700 "$pgdir"
      pwfile=$(mktemp); cp "$data/db-password" "$pwfile"; chmod 644 "$pwfile"
      as_owner $BIN/initdb -D "$pgdir" -U postgres --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
      rm -f "$pwfile"
      cat >> "$pgdir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pgdir'
shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
cron.use_background_workers = on
max_worker_processes = 32
max_connections = 200
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    fi
    sed -i "s/^port = .*//" "$pgdir/postgresql.conf"
    echo "port = $port" >> "$pgdir/postgresql.conf"
    if ! as_owner $BIN/pg_ctl -D "$pgdir" status >/dev/null 2>&1; then
      as_owner $BIN/pg_ctl -D "$pgdir" -l "$pgdir/server.log" -w -t 60 start >/dev/null
    fi
    ;;
  down)
    if [ -f "$pgdir/PG_VERSION" ] && as_owner $BIN/pg_ctl -D "$pgdir" status >/dev/null 2>&1; then
      as_owner $BIN/pg_ctl -D "$pgdir" -m fast -w stop >/dev/null
    fi
    ;;
  *) echo "usage: local/pg.sh up DATA_DIR PORT | down DATA_DIR" >&2; exit 2 ;;
esac
