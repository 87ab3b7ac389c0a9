#!/usr/bin/env bash
# The four domain services and the gateway as background processes on 127.0.0.1.
# Usage: deploy/local/services.sh start|stop|status
# MATCHING_INSTANCES=N (default 1) runs matching as N instances, on 8102, 8112, 8122, ...; the gateway spreads
# calls over them, and each match run is carried out by one of them (see README, "Scaling matching").
COMPONENT=services
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"

RUN_DIR="$MENTORING_STATE/services"
GATEWAY_PORT="${GATEWAY_PORT:-8000}"
MATCHING_INSTANCES="${MATCHING_INSTANCES:-1}"
[[ "$MATCHING_INSTANCES" =~ ^[1-9][0-9]?$ ]] || die "MATCHING_INSTANCES must be a number from 1 to 99, not '$MATCHING_INSTANCES'."
declare -A PORTS=([enrolment]=8101 [scheduling]=8103 [evaluation]=8104 [gateway]=$GATEWAY_PORT)
declare -A MODULE=([enrolment]=enrolment [scheduling]=scheduling [evaluation]=evaluation [gateway]=gateway)
MATCHING=()
for ((i = 1; i <= MATCHING_INSTANCES; i++)); do
  name=matching; [ "$i" -gt 1 ] && name="matching-$i"
  PORTS[$name]=$((8092 + 10 * i)); MODULE[$name]=matching; MATCHING+=("$name")
done
ORDER=(enrolment "${MATCHING[@]}" scheduling evaluation gateway)
export MENTORING_KAFKA_BOOTSTRAP="${MENTORING_KAFKA_BOOTSTRAP:-127.0.0.1:${KAFKA_PORT:-9092}}"
export MENTORING_MONGO_URL="${MENTORING_MONGO_URL:-mongodb://127.0.0.1:${FERRETDB_PORT:-27017}}"
for name in enrolment scheduling evaluation; do
  export "MENTORING_${name^^}_URL=http://127.0.0.1:${PORTS[$name]}"
done
MENTORING_MATCHING_URL=$(for name in "${MATCHING[@]}"; do printf 'http://127.0.0.1:%s,' "${PORTS[$name]}"; done)
export MENTORING_MATCHING_URL="${MENTORING_MATCHING_URL%,}"

start() {
  local python="$REPO_ROOT/.venv/bin/python"
  [ -x "$python" ] || die "no virtualenv at $REPO_ROOT/.venv; run 'make deps' (or 'make run') first."
  mkdir -p "$RUN_DIR"
  for name in "${ORDER[@]}"; do
    local pidfile="$RUN_DIR/$name.pid" port=${PORTS[$name]}
    if pid_alive "$pidfile"; then say "$name already running on :$port"; continue; fi
    port_open "$port" && die "port $port is taken by another process; stop it first (or set GATEWAY_PORT for the gateway)."
    say "starting $name on 127.0.0.1:$port (log: $RUN_DIR/$name.log)"
    (cd "$REPO_ROOT" && MENTORING_HTTP_PORT=$port exec "$python" -m "${MODULE[$name]}") >>"$RUN_DIR/$name.log" 2>&1 &
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
  # Every matching instance a start left, whatever MATCHING_INSTANCES says now.
  local instances=("$RUN_DIR"/matching*.pid) pidfile
  for name in gateway evaluation scheduling; do stop_pidfile "$RUN_DIR/$name.pid" "$name"; done
  for pidfile in "${instances[@]}"; do [ -e "$pidfile" ] && stop_pidfile "$pidfile" "$(basename "$pidfile" .pid)"; done
  stop_pidfile "$RUN_DIR/enrolment.pid" enrolment
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
