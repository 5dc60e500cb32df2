# A throwaway PostgreSQL 15 cluster for scripts that need one (sourced by scripts/test and
# scripts/fanout-bench): postgres_start sets PG_PORT; postgres_stop stops it and removes it.
# The cluster lives in the temporary directory, owned by the server's user.
PG_BIN=/usr/lib/postgresql/15/bin
PG_PARENT="${TMPDIR:-/tmp}"
PG_DIR=""
AS_PG=""
postgres_stop() {
  if [ -n "$PG_DIR" ]; then
    $AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=""
  fi
}
# Starts a PostgreSQL 15 cluster in a fresh directory, listening on 127.0.0.1:PG_PORT and a
# socket in that directory; trust authentication for the role baton. The server refuses to
# run as root, so as root it runs as the postgres user. Durability is off (the cluster is
# thrown away) unless PG_DURABLE=1, which a benchmark comparing with SQLite's durable
# commits sets.
postgres_start() {
  AS_PG=""
  # Not under RUN_TMP: that is private to this user, and the server may run as another.
  PG_DIR="$(mktemp -d "$PG_PARENT/baton-pg.XXXXXX")"
  if [ "$(id -u)" -eq 0 ]; then
    AS_PG="runuser -u postgres --"
    chown postgres "$PG_DIR"
  fi
  $AS_PG "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U baton -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log"; return 1; }
  local fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [ "${PG_DURABLE:-}" = 1 ]; then fast=""; fi
  # A random port; another one if it is taken.
  for _ in 1 2 3; do
    PG_PORT=$((20000 + RANDOM % 20000))
    if $AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 $fast" \
      start >/dev/null; then
      return 0
    fi
  done
  cat "$PG_DIR/server.log"
  return 1
}
