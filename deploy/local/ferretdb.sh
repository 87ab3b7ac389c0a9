#!/usr/bin/env bash
# FerretDB v1 (MongoDB wire protocol) on 127.0.0.1 with its SQLite backend, built from the Go module proxy.
# Usage: deploy/local/ferretdb.sh install|start|stop|status
COMPONENT=ferretdb
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"

FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
FERRETDB_PORT="${FERRETDB_PORT:-27017}"
FERRETDB_DEBUG_PORT="${FERRETDB_DEBUG_PORT:-8088}"
FERRETDB_DATA_DIR="${FERRETDB_DATA_DIR:-$MENTORING_STATE/ferretdb-$FERRETDB_PORT}"
BIN="$MENTORING_CACHE/ferretdb-$FERRETDB_VERSION/ferretdb"
PIDFILE="$FERRETDB_DATA_DIR/ferretdb.pid"
LOG="$FERRETDB_DATA_DIR/ferretdb.log"

install() {
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
  if pid_alive "$PIDFILE"; then say "already running on 127.0.0.1:$FERRETDB_PORT (pid $(cat "$PIDFILE"))"; return 0; fi
  port_open "$FERRETDB_PORT" && die "port $FERRETDB_PORT is taken by another process; stop it or set FERRETDB_PORT."
  mkdir -p "$FERRETDB_DATA_DIR/sqlite"
  say "starting on 127.0.0.1:$FERRETDB_PORT (log: $LOG)"
  "$BIN" --handler=sqlite --sqlite-url="file:$FERRETDB_DATA_DIR/sqlite/" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" --debug-addr="127.0.0.1:$FERRETDB_DEBUG_PORT" \
    --state-dir="$FERRETDB_DATA_DIR" --telemetry=disable --log-level=warn >>"$LOG" 2>&1 &
  echo $! > "$PIDFILE"
  wait_until_ready "FerretDB" "$PIDFILE" "$LOG" 60 mongo "mongodb://127.0.0.1:$FERRETDB_PORT"
}

NAME=FerretDB PORT=$FERRETDB_PORT
server_main "$@"
