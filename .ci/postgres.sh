# Start a throwaway PostgreSQL cluster on 127.0.0.1 for the test suite; sourced by .ci/run.
PG_PORT="${PG_PORT:-54329}"
PG_DIR="$(mktemp -d /tmp/marginalia-pg.XXXXXX)"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
PG_URL="postgres://marginalia:marginalia@127.0.0.1:${PG_PORT}/marginalia"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust >/dev/null
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q \
    -c "CREATE ROLE marginalia LOGIN SUPERUSER PASSWORD 'marginalia'" \
    -c "CREATE DATABASE marginalia OWNER marginalia"
  echo "PostgreSQL running on 127.0.0.1:$PG_PORT"
}

stop_postgres() {
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
