#!/usr/bin/env bash
# A real multi-JVM run of `fanout spark get`: a Spark standalone master and two workers (one core each) on
# 127.0.0.1, started from the Spark jars the module builds with; the job submitted to them through SparkSubmit
# (what spark-submit runs); and `fanout get` on the same work, each against a fresh `fanout serve` on loopback.
# Reports wall time, rows per executor and each server's peak in flight beside --per-host.
#   bench/spark-cluster.sh                      # 20,000 requests at 20 ms, -c 64, --per-host 16
#   N=5000 LATENCY=50ms bench/spark-cluster.sh  # smaller
# Everything it starts is stopped at exit (each daemon is the java process itself: fanout_spark_java execs);
# each step is bounded by STEP_TIMEOUT (300 s).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$ROOT/scripts/find-jdk.sh"
. "$ROOT/scripts/build.sh"
fanout_find_jdk 21 || exit 2
. "$ROOT/scripts/spark.sh"
N=${N:-20000}
LATENCY=${LATENCY:-20ms}
C=${C:-64}
PER_HOST=${PER_HOST:-16}
STEP_TIMEOUT=${STEP_TIMEOUT:-300}

"$ROOT/fanout" --version >/dev/null       # builds the CLI before anything is timed
fanout_spark_build
WORK=$(mktemp -d /tmp/fanout-spark-cluster.XXXXXX)
PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && echo "bench: logs kept in $WORK" >&2 || rm -rf "$WORK"
}
trap stop_all EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {   # wait_for FILE PATTERN [COUNT]: until the log says so COUNT times (1), within STEP_TIMEOUT
  local deadline=$((SECONDS + STEP_TIMEOUT))
  local n
  while n=$(grep -c "$2" "$1" 2>/dev/null || true); [ "${n:-0}" -lt "${3:-1}" ]; do
    [ $SECONDS -lt $deadline ] || { echo "bench: timed out waiting for '$2' in $1" >&2; cat "$1" >&2; exit 1; }
    sleep 0.2
  done
}
serve() {   # serve NAME: a fresh test server, its port in PORT (not in a $(…): its PID must reach PIDS)
  PORT=$(free_port)
  "$ROOT/fanout" serve --port "$PORT" --latency "$LATENCY" > "$WORK/serve-$1.log" 2>&1 &
  PIDS+=($!)
  wait_for "$WORK/serve-$1.log" listening
}
peak() { python3 -c 'import json,sys,urllib.request; d=json.load(urllib.request.urlopen(sys.argv[1])); r=d["routes"]["*"]; print(r["requests"], r["peak_in_flight"])' "http://127.0.0.1:$1/_stats"; }

seq 1 "$N" > "$WORK/ids.txt"
{ echo id; cat "$WORK/ids.txt"; } > "$WORK/ids.csv"

# a Spark home made of the module's Spark jars: the worker builds its executors' class path from SPARK_HOME/jars
SPARK_HOME=$WORK/spark-home
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
touch "$SPARK_HOME/RELEASE"
tr ':' '\n' < "$SPARK_CLASSPATH_FILE" | while read -r jar; do ln -s "$jar" "$SPARK_HOME/jars/"; done
cp "$ROOT/fanout-spark/src/main/resources/log4j2.properties" "$SPARK_HOME/conf/"
# the master and workers log at INFO, which says when they are up
sed 's/^rootLogger.level = error/rootLogger.level = info/' "$SPARK_HOME/conf/log4j2.properties" > "$WORK/log4j2-info.properties"
DAEMON_LOG=-Dlog4j2.configurationFile=$WORK/log4j2-info.properties
export SPARK_HOME JAVA_HOME=$FANOUT_JAVA_HOME SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13

MASTER_PORT=$(free_port)
FANOUT_SPARK_JAVA_OPTS="-Xmx512m $DAEMON_LOG -Dspark.master.rest.enabled=false" fanout_spark_java org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$(free_port)" > "$WORK/master.log" 2>&1 &
PIDS+=($!)
MASTER=spark://127.0.0.1:$MASTER_PORT
for w in 1 2; do
  mkdir -p "$WORK/worker$w"
  FANOUT_SPARK_JAVA_OPTS="-Xmx256m $DAEMON_LOG" fanout_spark_java org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores 1 --memory 1g --work-dir "$WORK/worker$w" --webui-port "$(free_port)" "$MASTER" \
      > "$WORK/worker$w.log" 2>&1 &
  PIDS+=($!)
done
wait_for "$WORK/master.log" "Registering worker" 2

echo "## fanout spark get on a standalone cluster ($MASTER, 2 workers x 1 core) vs fanout get"
echo "   $N requests to /items/{id}, latency $LATENCY, -c $C, --per-host $PER_HOST"
echo
serve spark
START=$(date +%s.%N)
export FANOUT_JAVA_HOME FANOUT_JAVA_MAJOR
timeout "$STEP_TIMEOUT" bash -c 'ROOT=$0; . "$ROOT/scripts/spark.sh"; FANOUT_SPARK_JAVA_OPTS=-Xmx512m fanout_spark_java \
    org.apache.spark.deploy.SparkSubmit --master "$1" --class dev.fanout.spark.cli.SparkMain \
    --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 --executor-memory 512m --total-executor-cores 2 \
    "$SPARK_JAR" get "http://127.0.0.1:$2/items/{id}" -i "$3/ids.csv" -o "$3/out" -c "$4" --per-host "$5" --slots 2' \
    "$ROOT" "$MASTER" "$PORT" "$WORK" "$C" "$PER_HOST" 2> "$WORK/submit.log" || { cat "$WORK/submit.log" >&2; exit 1; }
SPARK_WALL=$(echo "$(date +%s.%N) - $START" | bc)
read -r SPARK_REQ SPARK_PEAK < <(peak "$PORT")
grep -E '^fanout spark|^  ' "$WORK/submit.log" | sed 's/^/   /'

serve get
START=$(date +%s.%N)
timeout "$STEP_TIMEOUT" "$ROOT/fanout" get "http://127.0.0.1:$PORT/items/{}" -i "$WORK/ids.txt" -o "$WORK/get.csv" \
    -c "$C" --per-host "$PER_HOST" -q
GET_WALL=$(echo "$(date +%s.%N) - $START" | bc)
read -r GET_REQ GET_PEAK < <(peak "$PORT")

echo
printf '| run | wall (s) | requests at the server | peak in flight (limit %s) |\n|---|---|---|---|\n' "$PER_HOST"
printf '| fanout spark get, 2 executors (spark-submit, session start included) | %.1f | %s | %s |\n' "$SPARK_WALL" "$SPARK_REQ" "$SPARK_PEAK"
printf '| fanout get, one process | %.1f | %s | %s |\n' "$GET_WALL" "$GET_REQ" "$GET_PEAK"
