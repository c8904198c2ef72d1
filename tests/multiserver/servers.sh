#!/usr/bin/env bash
# The real servers of tests/multiserver/: one Redis, a PostgreSQL streaming
# replica of the running primary (pg_basebackup -R, a second cluster on another
# port), and two gunicorn instances (A and B) sharing them, production settings.
#
#   tests/multiserver/servers.sh run     # start, run the tests, stop (what CI runs)
#   tests/multiserver/servers.sh start   # then: source "$STATE/env"; pytest tests/multiserver
#   tests/multiserver/servers.sh stop
#   tests/multiserver/servers.sh redis-stop | redis-start   # what the tests call
#
# Needs: the primary on localhost:5432 (MULTISERVER_ADMIN_URL, a superuser),
# redis-server, PostgreSQL 15's binaries; run as root or with sudo to postgres.
set -euo pipefail
cd "$(dirname "$0")/../.."

STATE=${MULTISERVER_DIR:-/tmp/portal-multiserver}
ADMIN_URL=${MULTISERVER_ADMIN_URL:-postgres://portal_ci:portal_ci@localhost:5432/portal_ci}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DB=portal_multiserver
REPLICATION_ROLE=portal_replication
REPLICATION_PASSWORD=portal_replication
PY=.venv/bin/python

log() { echo "multiserver: $*" >&2; }
die() { log "$*"; exit 1; }
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
primary_sql() { psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -qtAc "$1"; }
wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "$what did not come up within ${seconds}s (logs in $STATE)"
}

redis_start() {
  # shellcheck disable=SC1091
  source "$STATE/env"
  # Persisting to disk as Debian's does: a restart brings the old pages back.
  redis-server --port "$MS_REDIS_PORT" --bind 127.0.0.1 --dir "$STATE/redis" \
    --save "3600 1" --appendonly no --daemonize yes \
    --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log"
  wait_for 10 "redis-server" redis-cli -p "$MS_REDIS_PORT" ping
}

redis_stop() {
  # shellcheck disable=SC1091
  source "$STATE/env"
  redis-cli -p "$MS_REDIS_PORT" shutdown save >/dev/null 2>&1 || true
  for _ in $(seq 50); do redis-cli -p "$MS_REDIS_PORT" ping >/dev/null 2>&1 || return 0; sleep 0.2; done
  die "redis-server did not stop"
}

start() {
  [ -e "$STATE" ] && stop
  command -v redis-server >/dev/null || die "redis-server missing (apt-get install redis-server)"
  [ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL binaries missing in $PG_BIN"
  primary_sql "SELECT 1" >/dev/null || die "the primary does not answer at $ADMIN_URL"
  mkdir -p "$STATE/redis" && chmod 755 "$STATE"

  local redis_port replica_port port_a port_b
  redis_port=$(free_port); replica_port=$(free_port); port_a=$(free_port); port_b=$(free_port)
  local user_pass=${ADMIN_URL#postgres://}; user_pass=${user_pass%@*}
  local primary_url="postgres://$user_pass@127.0.0.1:5432/$DB"
  local replica_url="postgres://$user_pass@127.0.0.1:$replica_port/$DB"
  cat >"$STATE/env" <<EOF
export PORTAL_MULTISERVER=1
export MS_STATE=$STATE
export MS_REDIS_PORT=$redis_port
export MS_REPLICA_PORT=$replica_port
export MS_PRIMARY_URL=$primary_url
export MS_REPLICA_URL=$replica_url
export MS_A=http://127.0.0.1:$port_a
export MS_B=http://127.0.0.1:$port_b
export MS_STAFF=ms-editor
export MS_STAFF_PASSWORD=ms-editor-password-123
EOF
  # shellcheck disable=SC1091
  source "$STATE/env"

  log "Redis on port $redis_port"
  redis_start

  log "database $DB on the primary, migrated, with the fixtures and a staff account"
  primary_sql "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
  primary_sql "CREATE DATABASE $DB"
  local server_env=(
    DATABASE_URL="$primary_url" DATABASE_REPLICA_URLS="$replica_url"
    REDIS_URL="redis://127.0.0.1:$redis_port/0" DJANGO_CACHE_KEY_PREFIX=multiserver
    DJANGO_DEBUG=0 DJANGO_SECRET_KEY="multiserver-only-secret-key-$(printf 'x%.0s' {1..40})"
    DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0
    DJANGO_BEHIND_PROXY=1
  )
  # Before the replica exists: the commands run on the primary alone.
  local setup_env=("${server_env[@]}" DATABASE_REPLICA_URLS=)
  env "${setup_env[@]}" "$PY" manage.py migrate --noinput -v 0
  env "${setup_env[@]}" "$PY" manage.py loaddata -v 0 fixtures/*.json
  env "${setup_env[@]}" DJANGO_SUPERUSER_PASSWORD="$MS_STAFF_PASSWORD" \
    "$PY" manage.py createsuperuser --noinput --username "$MS_STAFF" --email ms@example.be
  env "${setup_env[@]}" "$PY" manage.py collectstatic --noinput -v 0

  log "streaming replica on port $replica_port (pg_basebackup -R)"
  primary_sql "DO \$\$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$REPLICATION_ROLE') THEN
      CREATE ROLE $REPLICATION_ROLE REPLICATION LOGIN PASSWORD '$REPLICATION_PASSWORD';
    END IF; END \$\$"
  [ "$(primary_sql 'SHOW wal_level')" != minimal ] || die "the primary needs wal_level=replica"
  # The replica's data, and its socket and log (pg/), belong to postgres.
  mkdir -p "$STATE/replica" "$STATE/pg"
  chown postgres: "$STATE/replica" "$STATE/pg"
  chmod 700 "$STATE/replica"
  as_postgres env PGPASSWORD="$REPLICATION_PASSWORD" timeout 300 "$PG_BIN/pg_basebackup" \
    -h 127.0.0.1 -p 5432 -U "$REPLICATION_ROLE" -D "$STATE/replica" -R -X stream -c fast
  # Debian keeps the configuration outside the data folder: the replica's own.
  as_postgres sh -c "printf '%s\n' 'hot_standby = on' > '$STATE/replica/postgresql.conf'
    printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 scram-sha-256' \
      > '$STATE/replica/pg_hba.conf'"
  as_postgres "$PG_BIN/pg_ctl" -D "$STATE/replica" -l "$STATE/pg/replica.log" -w -t 60 \
    -o "-p $replica_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$STATE/pg" \
    start >/dev/null
  wait_for 30 "the replica" psql "$replica_url" -qtAc "SELECT pg_is_in_recovery()"
  [ "$(psql "$replica_url" -qtAc 'SELECT pg_is_in_recovery()')" = t ] || die "the replica is no standby"

  for name in a b; do
    local port=$port_a; [ $name = b ] && port=$port_b
    log "gunicorn $name on port $port"
    env "${server_env[@]}" .venv/bin/gunicorn config.wsgi --workers 2 --bind "127.0.0.1:$port" \
      --timeout 30 --daemon --pid "$STATE/gunicorn-$name.pid" \
      --access-logfile "$STATE/gunicorn-$name-access.log" --error-logfile "$STATE/gunicorn-$name.log"
    wait_for 30 "gunicorn $name" curl -fsS "http://127.0.0.1:$port/healthz"
  done
  log "up: A $MS_A, B $MS_B (source $STATE/env)"
}

stop() {
  [ -e "$STATE" ] || return 0
  log "stopping the servers in $STATE"
  for name in a b; do
    if [ -s "$STATE/gunicorn-$name.pid" ]; then
      kill "$(cat "$STATE/gunicorn-$name.pid")" 2>/dev/null || true
    fi
  done
  if [ -s "$STATE/env" ]; then redis_stop || true; fi
  if [ -f "$STATE/replica/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$STATE/replica" -m immediate -w -t 30 stop >/dev/null || true
  fi
  primary_sql "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
  rm -rf "$STATE"
}

run() {
  trap stop EXIT
  start
  # shellcheck disable=SC1091
  source "$STATE/env"
  # The tests talk to the servers over HTTP and SQL; their own Django needs no database.
  env -u DATABASE_URL -u REDIS_URL timeout 600 .venv/bin/pytest -p no:cacheprovider \
    tests/multiserver -m multiserver "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  run) shift; run "$@" ;;
  redis-stop) redis_stop ;;
  redis-start) redis_start ;;
  *) echo "usage: $0 run|start|stop|redis-stop|redis-start" >&2; exit 2 ;;
esac
