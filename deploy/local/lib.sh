# Shared by the local-stack scripts: where downloads are cached, where servers keep state, how to report.
# shellcheck shell=bash
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Downloads and builds live outside the repository so a fresh clone reuses them.
MENTORING_CACHE="${MENTORING_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mentoring}"
# Data, logs and pid files of the servers this machine runs.
MENTORING_STATE="${MENTORING_STATE:-$MENTORING_CACHE/state}"
mkdir -p "$MENTORING_CACHE" "$MENTORING_STATE"

say() { printf '[%s] %s\n' "$COMPONENT" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$COMPONENT" "$*" >&2; exit 1; }

need() {  # need COMMAND "what to do when it is missing"
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed. $2"
}

# A process that has exited but is not yet reaped (a zombie; some inits reap only every second or so) is gone.
running() { kill -0 "$1" 2>/dev/null && [ "$(sed -n 's/.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

pid_alive() { [ -f "$1" ] && running "$(cat "$1")"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_pidfile() {  # stop_pidfile PIDFILE NAME [SIGNAL]: SIGTERM unless told otherwise
  local pidfile=$1 name=$2 signal=${3:-TERM}
  if ! pid_alive "$pidfile"; then
    say "$name is not running"; rm -f "$pidfile"; return 0
  fi
  local pid; pid=$(cat "$pidfile")
  say "stopping $name (pid $pid)"
  kill -s "$signal" "$pid"
  for _ in $(seq 1 150); do running "$pid" || { rm -f "$pidfile"; return 0; }; sleep 0.2; done
  say "$name did not stop within 30 s; killing it"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

probe() {  # probe kafka|mongo ADDRESS: a real round trip through the project's own client libraries
  local uv; uv=$("$REPO_ROOT/deploy/local/uv.sh")
  (cd "$REPO_ROOT" && "$uv" run --quiet python deploy/local/probe.py "$@")
}

wait_until_ready() {  # wait_until_ready NAME PIDFILE LOGFILE SECONDS PROBE-ARGS...
  local name=$1 pidfile=$2 log=$3 seconds=$4; shift 4
  local deadline=$((SECONDS + seconds))
  while [ $SECONDS -lt $deadline ]; do
    pid_alive "$pidfile" || die "$name exited during start-up; the last lines of $log:
$(tail -n 20 "$log" 2>/dev/null)"
    if probe "$@" 2>/dev/null; then say "$name is ready"; return 0; fi
    sleep 1
  done
  die "$name did not answer within ${seconds} s; see $log"
}

# The default stop and status of a server script, which a script may redefine after sourcing this file.
# shellcheck disable=SC2153  # PIDFILE and NAME are set by the script
stop() { stop_pidfile "$PIDFILE" "$NAME"; }
status() {
  if pid_alive "$PIDFILE"; then say "running on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"
  else say "not running"; return 1; fi
}

server_main() {  # server_main ACTION: the install|start|stop|status entry of a server script
  # expects install() and start() from the script, and NAME, PIDFILE, PORT set by it
  case "${1:-}" in
    install) install ;;
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
  esac
}
