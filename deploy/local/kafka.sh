#!/usr/bin/env bash
# Apache Kafka in KRaft combined mode on 127.0.0.1, from Apache Kafka's own jars.
# Usage: deploy/local/kafka.sh install|start|stop|status
COMPONENT=kafka
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"

KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$REPO_ROOT/deploy/kafka/pom.xml")
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$MENTORING_STATE/kafka-$KAFKA_PORT}"
KAFKA_HEAP="${KAFKA_HEAP:--Xms512m -Xmx1g}"
LIBS="$MENTORING_CACHE/kafka-$KAFKA_VERSION/libs"
PIDFILE="$KAFKA_DATA_DIR/kafka.pid"
LOG="$KAFKA_DATA_DIR/kafka.log"

install() {
  [ -f "$LIBS/kafka_2.13-$KAFKA_VERSION.jar" ] && return 0
  need java "Install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)."
  need mvn "Install Maven (Debian: apt-get install maven)."
  say "fetching Kafka $KAFKA_VERSION jars with Maven into $LIBS (once per machine)"
  rm -rf "$LIBS.tmp"
  mvn -q -B -Dstyle.color=never -f "$REPO_ROOT/deploy/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS.tmp" >&2 \
    || die "Maven could not fetch the Kafka jars; check that Maven Central is reachable and run this again."
  rm -rf "$LIBS" && mv "$LIBS.tmp" "$LIBS"
}

java_run() {  # java_run MAIN-CLASS ARGS... (exec, so a backgrounded call's $! is the JVM itself)
  exec java $KAFKA_HEAP -Dlog4j.configuration="file:$REPO_ROOT/deploy/kafka/log4j.properties" \
    -cp "$LIBS/*" "$@"
}

start() {
  install
  if pid_alive "$PIDFILE"; then say "already running on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PIDFILE"))"; return 0; fi
  if port_open "$KAFKA_PORT"; then
    die "port $KAFKA_PORT is taken by another process; stop it or set KAFKA_PORT."
  fi
  mkdir -p "$KAFKA_DATA_DIR"
  sed -e "s|\${KAFKA_PORT}|$KAFKA_PORT|g" -e "s|\${KAFKA_CONTROLLER_PORT}|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|\${KAFKA_DATA_DIR}|$KAFKA_DATA_DIR|g" \
    "$REPO_ROOT/deploy/kafka/server.properties.template" > "$KAFKA_DATA_DIR/server.properties"
  if [ ! -f "$KAFKA_DATA_DIR/data/meta.properties" ]; then
    say "formatting storage in $KAFKA_DATA_DIR/data"
    local cluster_id; cluster_id=$(java_run kafka.tools.StorageTool random-uuid 2>/dev/null)
    (java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DATA_DIR/server.properties") >>"$LOG" 2>&1 \
      || die "formatting storage failed; see $LOG"
  fi
  say "starting on 127.0.0.1:$KAFKA_PORT (log: $LOG)"
  java_run kafka.Kafka "$KAFKA_DATA_DIR/server.properties" >>"$LOG" 2>&1 &
  echo $! > "$PIDFILE"
  wait_until_ready "Kafka" "$PIDFILE" "$LOG" 90 kafka "127.0.0.1:$KAFKA_PORT"
}

NAME=Kafka PORT=$KAFKA_PORT
server_main "$@"
