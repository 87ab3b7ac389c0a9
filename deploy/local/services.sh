#!/usr/bin/env bash
# The four domain services and the gateway as background processes on 127.0.0.1.
# Usage: deploy/local/services.sh start|stop|status
COMPONENT=services
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"

RUN_DIR="$MENTORING_STATE/services"
GATEWAY_PORT="${GATEWAY_PORT:-8000}"
declare -A PORTS=([enrolment]=8101 [matching]=8102 [scheduling]=8103 [evaluation]=8104 [gateway]=$GATEWAY_PORT)
ORDER=(enrolment matching scheduling evaluation gateway)
export MENTORING_KAFKA_BOOTSTRAP="${MENTORING_KAFKA_BOOTSTRAP:-127.0.0.1:${KAFKA_PORT:-9092}}"
export MENTORING_MONGO_URL="${MENTORING_MONGO_URL:-mongodb://127.0.0.1:${FERRETDB_PORT:-27017}}"
for name in enrolment matching scheduling evaluation; do
  export "MENTORING_${name^^}_URL=http://127.0.0.1:${PORTS[$name]}"
done

start() {
  local python="$REPO_ROOT/.venv/bin/python"
  [ -x "$python" ] || die "no virtualenv at $REPO_ROOT/.venv; run 'make deps' (or 'make run') first."
  mkdir -p "$RUN_DIR"
  for name in "${ORDER[@]}"; do
    local pidfile="$RUN_DIR/$name.pid" port=${PORTS[$name]}
    if pid_alive "$pidfile"; then say "$name already running on :$port"; continue; fi
    port_open "$port" && die "port $port is taken by another process; stop it first (or set GATEWAY_PORT for the gateway)."
    say "starting $name on 127.0.0.1:$port (log: $RUN_DIR/$name.log)"
    (cd "$REPO_ROOT" && MENTORING_HTTP_PORT=$port exec "$python" -m "$name") >>"$RUN_DIR/$name.log" 2>&1 &
    echo $! > "$pidfile"
  done
  for name in "${ORDER[@]}"; do
    local deadline=$((SECONDS + 90))
    until curl -fsS "http://127.0.0.1:${PORTS[$name]}/ready" >/dev/null 2>&1; do
      pid_alive "$RUN_DIR/$name.pid" || die "$name exited; the last lines of $RUN_DIR/$name.log:
$(tail -n 20 "$RUN_DIR/$name.log")"
      [ $SECONDS -lt $deadline ] || die "$name is not ready after 90 s; see $RUN_DIR/$name.log and http://127.0.0.1:${PORTS[$name]}/ready"
      sleep 0.5
    done
    say "$name is ready"
  done
}

stop() {
  for name in gateway evaluation scheduling matching enrolment; do stop_pidfile "$RUN_DIR/$name.pid" "$name"; done
}

status() {
  local down=0
  for name in "${ORDER[@]}"; do
    if pid_alive "$RUN_DIR/$name.pid"; then say "$name running on :${PORTS[$name]}"; else say "$name not running"; down=1; fi
  done
  return $down
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
