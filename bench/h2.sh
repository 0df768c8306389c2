#!/usr/bin/env bash
# HTTP/2 on one connection against HTTP/1.1 on C connections, to the same nginx over TLS (a self-signed
# certificate made here, trusted with --cacert): N GETs of a 100-byte body by `fanout get` (HTTP/2 by ALPN)
# and `fanout get --http1.1`, nginx (one worker) on core 0, fanout on core 1, whole process timed, median of
# REPS. nginx's counters say how many connections each run opened. Traffic stays on 127.0.0.1; every run is
# bounded by a timeout.
#   bench/h2.sh                      # 20,000 requests, c=64, 3 runs each
#   REPS=1 N=5000 bench/h2.sh
#   STREAMS=32 bench/h2.sh           # nginx allows 32 streams a connection: c=64 then takes two connections
#   KB=1024 N=300 bench/h2.sh        # bodies of 1 MiB (flow-control windows matter) instead of 100 bytes
# Needs (Debian): nginx openssl time
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
REPS=${REPS:-3}
N=${N:-20000}
C=${C:-64}
PORT=${PORT:-18643}
STREAMS=${STREAMS:-128}
KB=${KB:-0}
RES=${RESULTS_DIR:-$ROOT/bench/results/h2-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RES/nginx"

"$ROOT/fanout" --version >&2          # builds (and records the AOT cache) before anything is timed
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$RES/nginx/key.pem" -out "$RES/nginx/cert.pem" 2>/dev/null
mkdir -p "$RES/nginx/www"
[ "$KB" -gt 0 ] && head -c $((KB * 1024)) /dev/urandom > "$RES/nginx/www/big"
BODY='{"id":12345,"status":"ok","name":"peer-benchmark","tags":["a","b","c"],"value":3.14159,"pad":"xxxx"}'
cat > "$RES/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $RES/nginx/nginx.pid;
error_log $RES/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000000;
  client_body_temp_path $RES/nginx/body;
  server {
    listen 127.0.0.1:$PORT ssl http2 backlog=8192;
    ssl_certificate $RES/nginx/cert.pem;
    ssl_certificate_key $RES/nginx/key.pem;
    http2_max_concurrent_streams $STREAMS;
    location = /small { default_type application/json; return 200 '$BODY'; }
    location = /nginx_status { stub_status; }
    location = /big { root $RES/nginx/www; default_type application/octet-stream; }
  }
}
EOF
taskset -c 0 nginx -p "$RES/nginx" -c "$RES/nginx/nginx.conf"
trap 'nginx -p "$RES/nginx" -c "$RES/nginx/nginx.conf" -s stop 2>/dev/null || true' EXIT
URL=https://127.0.0.1:$PORT
RESOURCE=small
[ "$KB" -gt 0 ] && RESOURCE=big
for _ in $(seq 50); do curl -s -o /dev/null --cacert "$RES/nginx/cert.pem" "$URL/small" && break; sleep 0.1; done
accepts() { curl -s --cacert "$RES/nginx/cert.pem" "$URL/nginx_status" | awk 'NR == 3 {print $1}'; }
# CPU seconds the nginx worker has used (utime + stime): whether the server, not fanout, is the bound
WORKER=$(pgrep -P "$(cat "$RES/nginx/nginx.pid")" | head -1)
ncpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$WORKER/stat"; }

: > "$RES/runs.tsv"
for rep in $(seq "$REPS"); do
  for proto in h2 http1.1; do
    extra=()
    [ "$proto" = http1.1 ] && extra=(--http1.1)
    log=$RES/$proto-$rep.log
    a0=$(accepts)
    n0=$(ncpu)
    timeout -k 5 300 taskset -c 1 /usr/bin/time -f "TIME %e %U %S %M" "$ROOT/fanout" get "$URL/$RESOURCE?i={i}" -p "i=1..$N" \
        -c "$C" --cacert "$RES/nginx/cert.pem" "${extra[@]}" --no-progress -o /dev/null > "$log" 2>&1 || true
    conns=$(( $(accepts) - a0 - 1 ))
    nginx_cpu=$(awk -v a="$n0" -v b="$(ncpu)" 'BEGIN {printf "%.2f", b - a}')
    ok=$(sed -nE 's/^  status.* 200: ([0-9,]+).*/\1/p' "$log" | tr -d ',')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$proto" "$rep" "$(grep '^TIME' "$log" | tail -1 | cut -d' ' -f2-)" "${ok:-0}" "$conns" "$nginx_cpu" >> "$RES/runs.tsv"
    echo "h2 rep$rep $proto: $(grep '^TIME' "$log" | tail -1) ok=${ok:-0} connections=$conns nginx_cpu=$nginx_cpu" >&2
  done
done
python3 - "$RES/runs.tsv" "$N" "$C" <<'EOF' | tee "$RES/table.md"
import statistics, sys
path, n, c = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = {}
for line in open(path):
    proto, _rep, t, ok, conns, nginx_cpu = line.rstrip("\n").split("\t")
    if len(t.split()) == 4:
        wall, user, sys_, rss = map(float, t.split())
        runs.setdefault(proto, []).append((wall, user + sys_, rss / 1024, int(ok), conns, float(nginx_cpu)))
print(f"| fanout ({n:,} GETs over TLS, c={c}) | req/s | CPU µs/req | nginx CPU µs/req | RSS MB | connections | all 200 |")
print("|---|---:|---:|---:|---:|---:|---|")
rate = {}
for proto, rs in runs.items():
    rate[proto] = statistics.median(n / r[0] for r in rs)
    print("| %s | %s | %.0f | %.0f | %.0f | %s | %s |" % (proto, f"{rate[proto]:,.0f}", statistics.median(r[1] for r in rs) / n * 1e6,
          statistics.median(r[5] for r in rs) / n * 1e6, statistics.median(r[2] for r in rs), "/".join(r[4] for r in rs), "yes" if all(r[3] == n for r in rs) else "NO"))
if "h2" in rate and "http1.1" in rate:
    r = rate["h2"] / rate["http1.1"]
    print(f"\nHTTP/2 on one connection / HTTP/1.1 on {c}: {r:.2f} (target >= 1.0: {'yes' if r >= 1 else 'NO'})")
EOF
