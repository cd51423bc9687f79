#!/usr/bin/env bash
# deploy/postgres/postgres.sh — a throwaway PostgreSQL cluster for tests and local runs, without Docker.
#
# Usage: deploy/postgres/postgres.sh COMMAND [ARGS]
#   start            install Debian's `postgresql` with apt-get when no initdb/pg_ctl is found in
#                    /usr/lib/postgresql/*/bin; initdb a cluster in $PG_DATA on first use; start it on
#                    127.0.0.1:$PG_PORT; wait until it accepts connections; create the databases in
#                    $PG_DATABASES when absent. Reuses a running cluster (safe to run twice).
#   stop             fast shutdown (then immediate if it hangs); fine when not running
#   kill             SIGKILL the postmaster and its backends (fault tests); `start` runs crash recovery
#   status           print state; exit 0 when running, 3 when not
#   url DBNAME       print postgresql+asyncpg://postgres@127.0.0.1:$PG_PORT/DBNAME
#   createdb NAME... create each database when absent (the cluster must be running)
#   psql [DBNAME] [PSQL ARGS...]   open psql on DBNAME (default postgres) over 127.0.0.1
#
# Environment (defaults):
#   PG_PORT=15432                                listen port, on 127.0.0.1 only (no Unix socket)
#   PG_DATA=<repo>/.run/pg-$PG_PORT              the cluster directory (server log: $PG_DATA/server.log)
#   PG_DATABASES="continuum_allocation continuum_kpi"
#   PG_BIN                                       a PostgreSQL bin dir (default: newest /usr/lib/postgresql/*/bin)
#   PG_SHARED_BUFFERS=256MB  PG_MAX_CONNECTIONS=200  PG_START_TIMEOUT=60
#
# Auth: `trust` for connections from 127.0.0.1 (a test cluster that listens on loopback only), superuser
# role `postgres` (created by initdb), no password needed; a password in a URL is ignored.
# Ownership: as root the server runs as the `postgres` OS user (created by the Debian package), as any
# other user it runs as that user. The data dir is chowned to that user with mode 700. When that user
# cannot reach <repo>/.run (e.g. the repo lives under a 700 home directory), the default data dir
# becomes /tmp/continuum-pg-$PG_PORT-<hash of the repo path> instead (printed by `status`).
# To wipe a cluster: stop it, then rm -rf the data dir.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

PG_PORT="${PG_PORT:-15432}"
PG_DATABASES="${PG_DATABASES:-continuum_allocation continuum_kpi}"
PG_SHARED_BUFFERS="${PG_SHARED_BUFFERS:-256MB}"
PG_MAX_CONNECTIONS="${PG_MAX_CONNECTIONS:-200}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"
PG_SUPERUSER=postgres

log() { echo "postgres.sh[$PG_PORT]: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- binaries and user

if [ "$(id -u)" = 0 ]; then PG_OS_USER=postgres; else PG_OS_USER="$(id -un)"; fi

run_as() {  # run a command as the cluster's OS user
  if [ "$(id -un)" = "$PG_OS_USER" ]; then "$@"
  else (cd / && runuser -u "$PG_OS_USER" -- "$@"); fi  # cd /: the caller's cwd may be unreadable to it
}

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/initdb" ] && { echo "$PG_BIN"; return 0; }
    die "PG_BIN=$PG_BIN has no pg_ctl/initdb"
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  return 1
}

install_postgres() {
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed; run as root or: apt-get install postgresql"
  log "installing PostgreSQL with apt-get (one time)"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the package from starting its own 'main' cluster on 5432: deny service starts while installing.
  local policy=/usr/sbin/policy-rc.d added=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added=1
  fi
  local rc=0
  { apt-get update -qq && apt-get install -y -qq postgresql; } >/tmp/continuum-pg-apt.log 2>&1 || rc=$?
  [ "$added" = 1 ] && rm -f "$policy"
  if [ "$rc" != 0 ]; then
    tail -n 30 /tmp/continuum-pg-apt.log >&2
    die "apt-get install postgresql failed"
  fi
}

ensure_bin() {  # ensure_bin [noinstall EXIT_CODE]: with noinstall, exit when PostgreSQL is not installed
  if ! BIN="$(find_bin)"; then
    if [ "${1:-}" = noinstall ]; then echo "postgres: not installed, so not running (port $PG_PORT)"; exit "$2"; fi
    install_postgres
    BIN="$(find_bin)" || die "no initdb/pg_ctl after installing postgresql"
  fi
  id "$PG_OS_USER" >/dev/null 2>&1 || {
    [ "$(id -u)" = 0 ] || die "no OS user $PG_OS_USER"
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$PG_OS_USER"
  }
}

# ---------------------------------------------------------------- data dir

repo_hash() { printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-8; }

resolve_data_dir() {  # sets PG_DATA; with $1=create, makes the parent and checks the OS user can reach it
  if [ -z "${PG_DATA:-}" ]; then
    local default="$REPO_ROOT/.run/pg-$PG_PORT" fallback
    fallback="/tmp/continuum-pg-$PG_PORT-$(repo_hash)"
    if [ -e "$default" ]; then PG_DATA="$default"
    elif [ -e "$fallback" ]; then PG_DATA="$fallback"
    elif [ "${1:-}" = create ]; then
      mkdir -p "$REPO_ROOT/.run"
      if run_as test -x "$REPO_ROOT/.run" 2>/dev/null; then PG_DATA="$default"
      else
        log "user $PG_OS_USER cannot reach $REPO_ROOT/.run; using $fallback"
        PG_DATA="$fallback"
      fi
    else PG_DATA="$default"
    fi
  fi
  LOGFILE="$PG_DATA/server.log"
  LOCKFILE="$(dirname "$PG_DATA")/.$(basename "$PG_DATA").lock"
}

prepare_data_dir() {
  mkdir -p "$PG_DATA"
  if [ "$(id -u)" = 0 ]; then chown "$PG_OS_USER:" "$PG_DATA"; fi
  chmod 700 "$PG_DATA"
  run_as test -w "$PG_DATA" 2>/dev/null \
    || die "user $PG_OS_USER cannot write $PG_DATA (a parent directory is not searchable?); set PG_DATA"
}

write_configs() {
  # postgresql.conf includes continuum.conf (appended once after initdb); rewritten on every start
  cat >"$PG_DATA/continuum.conf" <<EOF
# written by deploy/postgres/postgres.sh on every start; edit the script, not this file
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = $PG_MAX_CONNECTIONS
shared_buffers = $PG_SHARED_BUFFERS
timezone = 'UTC'
log_timezone = 'UTC'
EOF
  cat >"$PG_DATA/pg_hba.conf" <<'EOF'
# written by deploy/postgres/postgres.sh: a test cluster on loopback only, no passwords
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
EOF
  if [ "$(id -u)" = 0 ]; then chown "$PG_OS_USER:" "$PG_DATA/continuum.conf" "$PG_DATA/pg_hba.conf"; fi
  chmod 600 "$PG_DATA/continuum.conf" "$PG_DATA/pg_hba.conf"
}

init_cluster() {
  log "initdb in $PG_DATA (owner $PG_OS_USER)"
  if ! run_as "$BIN/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" -A trust -E UTF8 --locale=C.UTF-8 \
        >"$PG_DATA.initdb.log" 2>&1; then
    # an old libc without C.UTF-8
    rm -rf "${PG_DATA:?}"/* && prepare_data_dir
    run_as "$BIN/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" -A trust -E UTF8 --locale=C \
        >"$PG_DATA.initdb.log" 2>&1 || { cat "$PG_DATA.initdb.log" >&2; die "initdb failed"; }
  fi
  rm -f "$PG_DATA.initdb.log"
  echo "include = 'continuum.conf'" >>"$PG_DATA/postgresql.conf"
}

# ---------------------------------------------------------------- helpers

is_running() { [ -f "$PG_DATA/PG_VERSION" ] && run_as "$BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

psql_admin() {  # psql_admin SQL  (as the superuser, database postgres)
  "$BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -c "$1"
}

wait_ready() {
  local deadline=$((SECONDS + PG_START_TIMEOUT))
  until "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres; do
    [ "$SECONDS" -ge "$deadline" ] && { tail -n 40 "$LOGFILE" >&2 || true; die "not ready after ${PG_START_TIMEOUT}s"; }
    sleep 0.2
  done
}

create_dbs() {
  local name exists
  for name in "$@"; do
    [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_-]*$ ]] || die "refusing database name '$name' (letters, digits, _ and - only)"
    exists="$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$name'")"
    if [ "$exists" = 1 ]; then continue; fi
    if psql_admin "CREATE DATABASE \"$name\"" 2>/dev/null; then
      log "created database $name"
    else  # lost a race with a concurrent createdb?
      [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$name'")" = 1 ] || die "CREATE DATABASE $name failed"
    fi
  done
}

# ---------------------------------------------------------------- commands

cmd_start() {
  ensure_bin
  resolve_data_dir create
  mkdir -p "$(dirname "$PG_DATA")"
  exec 9>"$LOCKFILE"
  flock 9
  local t0=$SECONDS
  if is_running; then
    log "already running on 127.0.0.1:$PG_PORT (data $PG_DATA)"
  else
    port_open "$PG_PORT" && die "127.0.0.1:$PG_PORT is in use by another process (not the cluster in $PG_DATA)"
    prepare_data_dir
    [ -f "$PG_DATA/PG_VERSION" ] || init_cluster
    write_configs
    [ -f "$LOGFILE" ] && mv -f "$LOGFILE" "$LOGFILE.prev"
    run_as touch "$LOGFILE"
    # 9>&- : the postmaster must not inherit (and hold) our lock
    if ! run_as "$BIN/pg_ctl" start -D "$PG_DATA" -l "$LOGFILE" -w -t "$PG_START_TIMEOUT" -s 9>&-; then
      tail -n 40 "$LOGFILE" >&2 || true
      die "pg_ctl start failed"
    fi
    wait_ready
    log "started on 127.0.0.1:$PG_PORT in $((SECONDS - t0)) s (data $PG_DATA, log $LOGFILE)"
  fi
  # shellcheck disable=SC2086
  create_dbs $PG_DATABASES
}

cmd_stop() {
  ensure_bin noinstall 0
  resolve_data_dir
  if ! is_running; then log "not running"; return 0; fi
  if ! run_as "$BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 -s; then
    log "fast shutdown timed out; immediate shutdown"
    run_as "$BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30 -s
  fi
  log "stopped"
}

cmd_kill() {
  ensure_bin noinstall 0
  resolve_data_dir
  local pid pids
  pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
  if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null \
     || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q postgres; then
    log "not running"
    return 0
  fi
  # the postmaster and its direct children (backends, walwriter, checkpointer, ...), by pid
  pids="$pid $(ps -o pid= --ppid "$pid" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  local p deadline=$((SECONDS + 10))
  for p in $pids; do
    while kill -0 "$p" 2>/dev/null; do
      [ "$SECONDS" -ge "$deadline" ] && die "pid $p survived SIGKILL"
      sleep 0.1
    done
  done
  log "killed postmaster $pid and its children"
}

cmd_status() {
  ensure_bin noinstall 3
  resolve_data_dir
  if is_running; then
    echo "postgres: running on 127.0.0.1:$PG_PORT, pid $(head -n 1 "$PG_DATA/postmaster.pid"), data $PG_DATA, binaries $BIN"
    return 0
  fi
  echo "postgres: not running (port $PG_PORT, data $PG_DATA)"
  return 3
}

cmd_createdb() {
  [ $# -gt 0 ] || die "usage: postgres.sh createdb NAME..."
  ensure_bin noinstall 1
  resolve_data_dir
  is_running || die "not running on 127.0.0.1:$PG_PORT; run postgres.sh start first"
  create_dbs "$@"
}

cmd_psql() {
  ensure_bin noinstall 1
  local db="${1:-postgres}"
  [ $# -gt 0 ] && shift
  exec "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" -d "$db" "$@"
}

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; }

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    kill) cmd_kill ;;
    status) cmd_status ;;
    url) [ $# -eq 1 ] || die "usage: postgres.sh url DBNAME"
         echo "postgresql+asyncpg://$PG_SUPERUSER@127.0.0.1:$PG_PORT/$1" ;;
    createdb) cmd_createdb "$@" ;;
    psql) cmd_psql "$@" ;;
    -h|--help|help|"") usage; [ -n "$cmd" ] ;;
    *) usage; die "unknown command: $cmd" ;;
  esac
}

main "$@"
