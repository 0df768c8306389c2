#!/usr/bin/env bash
# What --job costs: W1 (100,000 x 100 B, c=64) through the peer harness with fanout writing JSONL to a file,
# without and with a job journal, side by side (Go as the reference), medians of REPS (3).
#   bench/journal.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PEERS_DIR=${PEERS_DIR:-$ROOT/../shared/bench/peers}
"$ROOT/fanout" --version >&2
RES=${RESULTS_DIR:-$ROOT/bench/results/journal-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RES"
printf 'fanout-file\t%s {url} {n} {c} plain\nfanout-job\t%s {url} {n} {c} job\n' \
  "$ROOT/bench/fanout-file-peer.sh" "$ROOT/bench/fanout-file-peer.sh" > "$RES/candidates.txt"
PYTHON=${PYTHON:-/usr/bin/python3} PEERS=${PEERS:-go} CASES=${CASES:-W1/64} \
JAVA_CANDIDATES=$RES/candidates.txt RESULTS_DIR=$RES OUT=$RES/table.md "$PEERS_DIR/run-all.sh"
