#!/usr/bin/env bash
# Memory stays flat over a 1,000,000-request range: runs `fanout get` over id=1..N against `fanout serve` on
# loopback, samples the client's RSS every second, and prints peak RSS at 10%, 50% and 100% of the run.
# Bounded: N requests (default 1,000,000) and a 10-minute limit. Traffic stays on 127.0.0.1.
#   bench/memory.sh              # 1,000,000 requests
#   N=100000 bench/memory.sh     # quicker
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
N=${N:-1000000}
C=${C:-100}
PORT=${PORT:-18099}
RES=${RESULTS_DIR:-$ROOT/bench/results/memory-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RES"
"$ROOT/fanout" --version >&2

"$ROOT/fanout" serve --port "$PORT" --threads 1 >"$RES/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$PORT/small" >/dev/null 2>&1 && break
  sleep 0.1
done

start=$(date +%s.%N)
timeout 600 "$ROOT/fanout" get -q -c "$C" "http://127.0.0.1:$PORT/items/{id}" -p "id=1..$N" -o "$RES/records.jsonl" &
CLIENT=$!
# the launcher execs java, so the JVM is timeout's child
JVM=""
for _ in $(seq 100); do
  JVM=$(pgrep -P "$CLIENT" || true)
  [ -n "$JVM" ] && break
  sleep 0.05
done
# sample the JVM's resident set once a second
: > "$RES/rss.tsv"
while kill -0 "$JVM" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$JVM/status" 2>/dev/null || true)
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$JVM/status" 2>/dev/null || true)
  lines=$(wc -l < "$RES/records.jsonl" 2>/dev/null || echo 0)
  [ -n "$rss" ] && printf '%s\t%s\t%s\t%s\n' "$(date +%s.%N)" "$lines" "$rss" "$hwm" >> "$RES/rss.tsv"
  sleep 1
done
rc=0; wait "$CLIENT" || rc=$?
end=$(date +%s.%N)
records=$(wc -l < "$RES/records.jsonl")
ok=$(grep -c '"status":200' "$RES/records.jsonl" || true)
python3 - "$RES/rss.tsv" "$N" "$records" "$ok" "$start" "$end" "$rc" <<'PY' | tee "$RES/summary.md"
import sys
path, n, records, ok, start, end, rc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
rows = [l.split('\t') for l in open(path) if l.strip()]
def peak_until(frac):
    seen = [int(r[3]) for r in rows if int(r[1]) <= frac * n]
    return max(seen) / 1024 if seen else float('nan')
print(f"requests {n:,}  records {records:,}  status 200 {ok:,}  exit {rc}  wall {end - start:.1f} s  ({n / (end - start):,.0f} req/s)")
print(f"peak RSS (VmHWM) by progress: 10% {peak_until(0.1):.0f} MB · 50% {peak_until(0.5):.0f} MB · 100% {max(int(r[3]) for r in rows) / 1024:.0f} MB")
print(f"RSS at the end {int(rows[-1][2]) / 1024:.0f} MB; {len(rows)} samples")
PY
rm -f "$RES/records.jsonl"   # 1M lines: checked above, not kept
