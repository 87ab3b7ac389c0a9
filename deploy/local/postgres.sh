#!/usr/bin/env bash
# A private PostgreSQL cluster on 127.0.0.1 for FerretDB, run from Debian's PostgreSQL server binaries.
# Usage: deploy/local/postgres.sh install|start|stop|status (ferretdb.sh runs it; it seldom needs running by hand)
COMPONENT=postgres
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"

# 5432 is left to a system PostgreSQL.
POSTGRES_PORT="${POSTGRES_PORT:-5433}"
POSTGRES_DATA_DIR="${POSTGRES_DATA_DIR:-$MENTORING_STATE/postgresql-$POSTGRES_PORT}"
# Where Debian puts each major version's server binaries: <dir>/<version>/bin. The newest version there wins.
POSTGRES_LIB_DIR="${POSTGRES_LIB_DIR:-/usr/lib/postgresql}"
# The database FerretDB keeps every MongoDB database in (one PostgreSQL schema each).
DATABASE=ferretdb
PIDFILE="$POSTGRES_DATA_DIR.pid"
LOG="$POSTGRES_DATA_DIR.log"

find_bin_dir() {  # prints the newest $POSTGRES_LIB_DIR/<version>/bin that has initdb, postgres and psql
  local dir
  while read -r dir; do
    [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && [ -x "$dir/psql" ] && { echo "$dir"; return 0; }
  done < <(find "$POSTGRES_LIB_DIR" -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -rV)
  return 1
}

install() {
  BIN_DIR=$(find_bin_dir) && return 0
  local missing="the PostgreSQL server is not installed (no initdb, postgres and psql in $POSTGRES_LIB_DIR/<version>/bin)"
  [ "$(id -u)" = 0 ] || die "$missing. Install Debian's package as root: apt-get install --no-install-recommends postgresql"
  need apt-get "$missing, and this is no Debian system: install a PostgreSQL 13+ server and set POSTGRES_LIB_DIR."
  say "$missing; installing Debian's postgresql package (once per machine)"
  DEBIAN_FRONTEND=noninteractive apt-get update >&2 || die "apt-get update failed; see the output above."
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2 \
    || die "apt-get install postgresql failed; see the output above."
  BIN_DIR=$(find_bin_dir) || die "$missing, even after installing Debian's postgresql package."
}

# PostgreSQL refuses to run as root. Run by root (as on CI), the cluster belongs to the postgres system user
# Debian's package creates, and every PostgreSQL program runs as that user; otherwise to whoever runs this.
# setpriv, unlike runuser, execs the program, so a backgrounded server's $! is the server itself.
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  AS_OWNER=(setpriv --reuid=postgres --regid=postgres --init-groups --)
else
  OWNER=$(id -un)
  AS_OWNER=()
fi

owned() {  # owned COMMAND ARGS...: run as the cluster's owner, from / (it may not read the current directory)
  (cd / && exec "${AS_OWNER[@]}" "$@")
}

# Where the cluster's files are. Run by an ordinary user, in POSTGRES_DATA_DIR itself. Run by root, the postgres
# user could not reach them there: the default data dirs are under /root/.cache, and a test session's are in a
# private tmp dir, neither of which another user may enter. So the cluster then lives in the postgres user's home,
# where Debian keeps its own clusters (/var/lib/postgresql/mentoring-<port>; not /tmp or /var/tmp, whose old
# files systemd-tmpfiles deletes), one per port, and POSTGRES_DATA_DIR is a symlink to it. A data dir without
# that symlink, like the fresh ones of a test session, gets a fresh cluster.
cluster_dir() {
  if [ "$OWNER" != postgres ]; then echo "$POSTGRES_DATA_DIR"; return; fi
  local home; home=$(getent passwd postgres | cut -d: -f6)
  [ -n "$home" ] && [ -d "$home" ] || die "the postgres user has no home directory to keep a cluster in; reinstall Debian's postgresql package."
  echo "$home/mentoring-$POSTGRES_PORT"
}

# As root, the link that ties a cluster to a data dir, and who holds the cluster now (recorded in it at init).
linked() { [ -L "$POSTGRES_DATA_DIR" ] && [ "$(readlink "$POSTGRES_DATA_DIR")" = "$PGDATA" ]; }
holder() { cat "$PGDATA/mentoring-data-dir" 2>/dev/null || true; }

prepare() {  # makes sure a usable cluster is at $PGDATA, initialising one when there is none
  if [ "$OWNER" = postgres ]; then
    if linked && [ "$(holder)" = "$POSTGRES_DATA_DIR" ] && [ -f "$PGDATA/PG_VERSION" ]; then return 0; fi
    [ -e "$POSTGRES_DATA_DIR" ] && [ ! -L "$POSTGRES_DATA_DIR" ] \
      && die "$POSTGRES_DATA_DIR is a directory, but run as root the cluster must live in $PGDATA; move it away."
    local other; other=$(holder)
    if [ -n "$other" ] && [ "$other" != "$POSTGRES_DATA_DIR" ] && [ -L "$other" ] && [ "$(readlink "$other")" = "$PGDATA" ]; then
      die "the cluster for port $POSTGRES_PORT ($PGDATA) belongs to $other; remove that (a data dir left behind) or choose another POSTGRES_PORT."
    fi
    if [ -e "$PGDATA" ]; then say "removing the cluster left in $PGDATA${other:+ by $other, which is gone}"; rm -rf "$PGDATA"; fi
    rm -f "$POSTGRES_DATA_DIR"
  else
    [ -f "$PGDATA/PG_VERSION" ] && return 0
    rm -rf "$PGDATA"  # what a failed initialisation left
  fi
  say "initialising a cluster in $PGDATA (log: $LOG)"
  # FerretDB accepts only UTF8 encoding and the C, POSIX, C.UTF8 or en_US.UTF8 collation and character type.
  owned "$BIN_DIR/initdb" --pgdata="$PGDATA" --username=postgres --auth=trust --encoding=UTF8 --locale=C \
    >>"$LOG" 2>&1 || die "initdb failed; see $LOG"
  # Only TCP from 127.0.0.1, without a password, as FerretDB itself answers anyone on 127.0.0.1 without one.
  printf '# written by deploy/local/postgres.sh\nhost all all 127.0.0.1/32 trust\n' > "$PGDATA/pg_hba.conf"
  if [ "$OWNER" = postgres ]; then
    echo "$POSTGRES_DATA_DIR" > "$PGDATA/mentoring-data-dir"
    chown postgres: "$PGDATA/pg_hba.conf" "$PGDATA/mentoring-data-dir"
    ln -s "$PGDATA" "$POSTGRES_DATA_DIR"
  fi
}

psql_run() {  # psql_run SQL: one statement as the superuser, unaligned output
  "$BIN_DIR/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres -c "$1"
}

start() {
  install
  if pid_alive "$PIDFILE"; then say "already running on 127.0.0.1:$POSTGRES_PORT (pid $(cat "$PIDFILE"))"; return 0; fi
  port_open "$POSTGRES_PORT" && die "port $POSTGRES_PORT is taken by another process; stop it or set POSTGRES_PORT."
  mkdir -p "$(dirname "$POSTGRES_DATA_DIR")"
  # Absolute, because it is recorded in the cluster and compared at the next start.
  POSTGRES_DATA_DIR="$(cd "$(dirname "$POSTGRES_DATA_DIR")" && pwd -P)/$(basename "$POSTGRES_DATA_DIR")"
  PGDATA=$(cluster_dir)
  prepare
  say "starting PostgreSQL $(basename "$(dirname "$BIN_DIR")") on 127.0.0.1:$POSTGRES_PORT (data: $PGDATA, log: $LOG)"
  # No Unix socket: Debian's default directory for it belongs to the system PostgreSQL.
  (cd / && exec "${AS_OWNER[@]}" "$BIN_DIR/postgres" -D "$PGDATA" -c listen_addresses=127.0.0.1 \
    -c port="$POSTGRES_PORT" -c unix_socket_directories= ) >>"$LOG" 2>&1 &
  echo $! > "$PIDFILE"
  local deadline=$((SECONDS + 60))
  until psql_run 'SELECT 1' >/dev/null 2>&1; do
    pid_alive "$PIDFILE" || die "PostgreSQL exited during start-up; the last lines of $LOG:
$(tail -n 20 "$LOG" 2>/dev/null)"
    [ $SECONDS -lt $deadline ] || die "PostgreSQL did not answer within 60 s; see $LOG"
    sleep 0.2
  done
  if [ -z "$(psql_run "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" ]; then
    say "creating database $DATABASE"
    psql_run "CREATE DATABASE $DATABASE" >>"$LOG" 2>&1 || die "could not create database $DATABASE; see $LOG"
  fi
  say "PostgreSQL is ready"
}

# SIGINT is PostgreSQL's fast shutdown: it disconnects clients instead of waiting for them, then checkpoints.
stop() { stop_pidfile "$PIDFILE" "PostgreSQL" INT; }

NAME=PostgreSQL PORT=$POSTGRES_PORT
server_main "$@"
