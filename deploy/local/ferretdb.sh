#!/usr/bin/env bash
# FerretDB v1 (MongoDB wire protocol) on 127.0.0.1, built from the Go module proxy, on its PostgreSQL backend:
# a private PostgreSQL cluster that deploy/local/postgres.sh runs, its data inside FerretDB's data dir.
# Usage: deploy/local/ferretdb.sh install|start|stop|status
COMPONENT=ferretdb
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"

FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
FERRETDB_PORT="${FERRETDB_PORT:-27017}"
FERRETDB_DEBUG_PORT="${FERRETDB_DEBUG_PORT:-8088}"
FERRETDB_DATA_DIR="${FERRETDB_DATA_DIR:-$MENTORING_STATE/ferretdb-$FERRETDB_PORT}"
# 5432 is left to a system PostgreSQL.
export POSTGRES_PORT="${POSTGRES_PORT:-5433}"
export POSTGRES_DATA_DIR="$FERRETDB_DATA_DIR/postgresql"
POSTGRES="$REPO_ROOT/deploy/local/postgres.sh"
BIN="$MENTORING_CACHE/ferretdb-$FERRETDB_VERSION/ferretdb"
PIDFILE="$FERRETDB_DATA_DIR/ferretdb.pid"
LOG="$FERRETDB_DATA_DIR/ferretdb.log"

install() {
  "$POSTGRES" install
  [ -x "$BIN" ] && return 0
  need go "Install Go 1.22+ (https://go.dev/doc/install or Debian: apt-get install golang)."
  say "building FerretDB $FERRETDB_VERSION from the Go module proxy into $BIN (once per machine, about a minute)"
  local module src
  module=$(cd "$MENTORING_CACHE" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
    | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  [ -d "$module" ] || die "go could not download github.com/FerretDB/FerretDB@$FERRETDB_VERSION; check that the Go module proxy is reachable."
  # The module lacks the generated build/version/version.txt, without which the binary panics at start.
  src="$MENTORING_CACHE/ferretdb-src-$FERRETDB_VERSION"
  rm -rf "$src" && cp -r "$module" "$src" && chmod -R u+w "$src"
  printf '%s' "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  mkdir -p "$(dirname "$BIN")"
  (cd "$src" && go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb) >&2 || die "go build of FerretDB failed; see the output above."
  mv "$BIN.tmp" "$BIN"
  rm -rf "$src"
}

start() {
  install
  mkdir -p "$FERRETDB_DATA_DIR"
  "$POSTGRES" start
  if pid_alive "$PIDFILE"; then say "already running on 127.0.0.1:$FERRETDB_PORT (pid $(cat "$PIDFILE"))"; return 0; fi
  port_open "$FERRETDB_PORT" && die "port $FERRETDB_PORT is taken by another process; stop it or set FERRETDB_PORT."
  say "starting on 127.0.0.1:$FERRETDB_PORT (log: $LOG)"
  "$BIN" --handler=postgresql --postgresql-url="postgres://postgres@127.0.0.1:$POSTGRES_PORT/ferretdb" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" --debug-addr="127.0.0.1:$FERRETDB_DEBUG_PORT" \
    --state-dir="$FERRETDB_DATA_DIR" --telemetry=disable --log-level=warn >>"$LOG" 2>&1 &
  echo $! > "$PIDFILE"
  wait_until_ready "FerretDB" "$PIDFILE" "$LOG" 60 mongo "mongodb://127.0.0.1:$FERRETDB_PORT"
}

# FerretDB first, then the PostgreSQL cluster under it.
stop() {
  stop_pidfile "$PIDFILE" "$NAME"
  "$POSTGRES" stop
}

status() {
  local down=0
  if pid_alive "$PIDFILE"; then say "running on 127.0.0.1:$FERRETDB_PORT (pid $(cat "$PIDFILE"))"
  else say "not running"; down=1; fi
  "$POSTGRES" status || down=1
  return $down
}

NAME=FerretDB PORT=$FERRETDB_PORT
server_main "$@"
