#!/usr/bin/env bash
# A server that closes every connection and has a small listen backlog: `python3 -m http.server` (HTTP/1.0,
# listen backlog 5, a thread per connection), pinned to core 0, serving a 100-byte file. N GETs at C in
# flight by `fanout get`, curl -Z, Go net/http and aiohttp (the peers' own clients), each pinned to core 1,
# whole process timed, median of REPS; the kernel's accept-queue overflows and SYN retransmissions during
# each run (nstat) show how each client's connects met the backlog. Traffic stays on 127.0.0.1; every run
# is bounded by a timeout.
#   bench/closing.sh                    # 2,000 requests, c=50, 1 run each
#   REPS=3 N=1000 bench/closing.sh
# Needs (Debian): python3 time curl golang-go python3-aiohttp iproute2 (nstat)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PEERS_DIR=${PEERS_DIR:-$ROOT/../shared/bench/peers}
REPS=${REPS:-1}
N=${N:-2000}
C=${C:-50}
PORT=${PORT:-18580}
PYTHON=${PYTHON:-/usr/bin/python3}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}
RES=${RESULTS_DIR:-$ROOT/bench/results/closing-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RES/www"

"$ROOT/fanout" --version >&2          # builds (and records the AOT cache) before anything is timed
BODY='{"id":12345,"status":"ok","name":"peer-benchmark","tags":["a","b","c"],"value":3.14159,"pad":"xxxx"}'
printf '%s' "$BODY" > "$RES/www/small"
(cd "$RES/www" && exec taskset -c 0 "$PYTHON" -m http.server "$PORT" --bind 127.0.0.1) > "$RES/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/small" && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT/small

GO_BIN=""
if command -v go >/dev/null && [ -d "$PEERS_DIR/clients/go" ]; then
  (cd "$PEERS_DIR/clients/go" && GOPROXY=off GOFLAGS=-mod=mod GOCACHE="$RES/go-cache" go build -o "$RES/go-client" .) \
    > "$RES/go-build.log" 2>&1 && GO_BIN=$RES/go-client
fi
HAVE_NSTAT=$(command -v nstat >/dev/null && echo 1 || echo "")

run() { # client rep -> a line of runs.tsv: client, rep, "wall user sys rss_kb", exit status, overflows, SYN retransmits
  local name=$1 rep=$2 log=$RES/$1-$2.log cmd rc=0
  case $name in
    fanout) cmd=(bash "$ROOT/bench/fanout-peer.sh" "$URL" "$N" "$C") ;;
    curl) cmd=(bash "$PEERS_DIR/clients/curl_client.sh" "$URL" "$N" "$C" "${#BODY}") ;;
    go) cmd=("$GO_BIN" "$URL" "$N" "$C" "${#BODY}") ;;
    aiohttp) cmd=("$PYTHON" "$PEERS_DIR/clients/aiohttp_client.py" "$URL" "$N" "$C" "${#BODY}") ;;
  esac
  [ -n "$HAVE_NSTAT" ] && nstat -n
  timeout -k 5 "$RUN_TIMEOUT" taskset -c 1 /usr/bin/time -f "TIME %e %U %S %M" "${cmd[@]}" > "$log" 2>&1 < /dev/null || rc=$?
  local over=- syn=-
  if [ -n "$HAVE_NSTAT" ]; then
    over=$(nstat -z TcpExtListenOverflows | awk '/ListenOverflows/ {print $2}')
    syn=$(nstat -z TcpExtTCPSynRetrans | awk '/SynRetrans/ {print $2}')
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rep" "$(grep '^TIME' "$log" | tail -1 | cut -d' ' -f2-)" "$rc" "$over" "$syn" >> "$RES/runs.tsv"
  echo "closing rep$rep $name: rc=$rc $(grep '^TIME' "$log" | tail -1) overflows=$over syn_retrans=$syn" >&2
}

: > "$RES/runs.tsv"
for rep in $(seq "$REPS"); do
  for client in fanout curl ${GO_BIN:+go} aiohttp; do
    [ "$client" = aiohttp ] && ! "$PYTHON" -c 'import aiohttp' 2>/dev/null && continue
    run "$client" "$rep"
    sleep 1   # the previous run's connections leave TIME_WAIT and the server's threads end
  done
done
python3 "$ROOT/bench/closing_summary.py" "$RES/runs.tsv" "$N" "$C" | tee "$RES/table.md"
