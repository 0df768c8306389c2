#!/usr/bin/env bash
# Runs `fanout get` beside the peers of ../shared/bench/peers (nginx on one core, each client pinned to the
# other) on W1 (100,000 x 100 B, c=64), W2 (20,000 x 100 ms, c=1000) and W3 (200 x 100 ms, c=100), then the
# CPU-bound W2 at c=10,000 (100,000 x 100 ms, one run, Go and aiohttp beside fanout), in one run, then prints
# the peers' tables and fanout's ratios. Traffic stays on 127.0.0.1; every run is bounded.
#   bench/peers.sh                       # full run, 3 repetitions
#   REPS=1 W1_N=20000 bench/peers.sh     # quicker
#   BIG_N=0 bench/peers.sh               # without the c=10,000 case
# Needs (Debian): nginx libnginx-mod-http-echo wrk golang-go python3-aiohttp python3-httpx python3-requests time
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PEERS_DIR=${PEERS_DIR:-$ROOT/../shared/bench/peers}
[ -x "$PEERS_DIR/run-all.sh" ] || { echo "bench: peer harness not found at $PEERS_DIR (set PEERS_DIR)" >&2; exit 2; }

"$ROOT/fanout" --version >&2          # builds (and records the AOT cache) before anything is timed
RES=${RESULTS_DIR:-$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RES"
CANDIDATES=$RES/candidates.txt
printf 'fanout\t%s {url} {n} {c}\n' "$ROOT/bench/fanout-peer.sh" > "$CANDIDATES"

PYTHON=${PYTHON:-/usr/bin/python3} \
PEERS=${PEERS:-"wrk go aiohttp httpx node-fetch curl requests-seq"} \
CASES=${CASES:-"W1/64 W2/1000 W3/100"} \
JAVA_CANDIDATES=$CANDIDATES RESULTS_DIR=$RES OUT=$RES/table.md \
  "$PEERS_DIR/run-all.sh"
BIG_N=${BIG_N:-100000}
if [ "$BIG_N" -gt 0 ]; then
  # its own run of the harness: its W2 count differs from the W2/1000 case's
  mkdir -p "$RES/c10000"
  PYTHON=${PYTHON:-/usr/bin/python3} PEERS=${BIG_PEERS:-"go aiohttp"} CASES=W2/10000 W2_N=$BIG_N REPS=1 \
  JAVA_CANDIDATES=$CANDIDATES RESULTS_DIR=$RES/c10000 OUT=$RES/c10000/table.md \
    "$PEERS_DIR/run-all.sh"
fi
echo
echo "## fanout's ratios (bench/ratios.py $RES)"
python3 "$ROOT/bench/ratios.py" "$RES" | tee "$RES/ratios.md"
