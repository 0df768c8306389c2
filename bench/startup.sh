#!/usr/bin/env bash
# Where the time of a small run goes (W3: 200 GETs answered after 100 ms, c=100, the size of the seeds' jobs):
# the classes it loads (from the AOT cache, from jars), the time from exec to its first connect, to its last
# connect and to its exit (strace, filtered to those system calls), and its peak RSS. nginx (echo module) on
# core 0, fanout on core 1; medians of REPS. Traffic stays on 127.0.0.1; every run is bounded by a timeout.
#   bench/startup.sh                   # 5 runs
#   REPS=9 N=200 C=100 bench/startup.sh
# Needs (Debian): nginx libnginx-mod-http-echo strace time
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
REPS=${REPS:-5}
N=${N:-200}
C=${C:-100}
PORT=${PORT:-18680}
RES=${RESULTS_DIR:-$ROOT/bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ)}
ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so
[ -f "$ECHO_MODULE" ] || { echo "bench: nginx's echo module is needed (libnginx-mod-http-echo)" >&2; exit 2; }
mkdir -p "$RES/nginx"

"$ROOT/fanout" --version >&2          # builds (and records the AOT cache) before anything is timed
cat > "$RES/nginx/nginx.conf" <<EOF
load_module $ECHO_MODULE;
worker_processes 1;
pid $RES/nginx/nginx.pid;
error_log $RES/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $RES/nginx/body;
  server {
    listen 127.0.0.1:$PORT backlog=8192;
    location = /small { return 200 '{"id":12345,"status":"ok"}'; }
    location = /delay { echo_sleep 0.1; echo_exec /small; }
  }
}
EOF
taskset -c 0 nginx -p "$RES/nginx" -c "$RES/nginx/nginx.conf"
trap 'nginx -p "$RES/nginx" -c "$RES/nginx/nginx.conf" -s stop 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/small" && break; sleep 0.1; done
CMD=("$ROOT/fanout" get "http://127.0.0.1:$PORT/delay?i={i}" -p "i=1..$N" -c "$C" --no-progress -o /dev/null)

: > "$RES/runs.tsv"
for rep in $(seq "$REPS"); do
  FANOUT_JAVA_OPTS="${FANOUT_JAVA_OPTS:-} -Xlog:class+load=info:file=$RES/classes-$rep.txt" \
    timeout 60 taskset -c 1 /usr/bin/time -f "TIME %e %M" -o "$RES/time-$rep.txt" "${CMD[@]}" 2> "$RES/run-$rep.log"
  total=$(grep -c 'class,load' "$RES/classes-$rep.txt")
  cached=$(grep -c 'shared objects file' "$RES/classes-$rep.txt" || true)
  jars=$(grep -c 'source: file:' "$RES/classes-$rep.txt" || true)
  conn="- - -"
  if command -v strace >/dev/null; then
    timeout 60 taskset -c 1 strace -f --seccomp-bpf -tt -e trace=execve,connect,exit_group -o "$RES/strace-$rep.txt" "${CMD[@]}" \
      > /dev/null 2>&1 || true
    conn=$(python3 - "$RES/strace-$rep.txt" "$PORT" <<'EOF'
import sys
def ts(l):
    h, m, s = l.split()[1].split(':')
    return int(h) * 3600 + int(m) * 60 + float(s)
lines = [l for l in open(sys.argv[1]).read().splitlines() if len(l.split()) > 1 and l.split()[1].count(':') == 2]
t0 = ts(lines[0])
conn = [ts(l) - t0 for l in lines if 'htons(%s)' % sys.argv[2] in l]
end = [ts(l) - t0 for l in lines if 'exit_group' in l]
print('%.3f %.3f %.3f' % (conn[0], conn[-1], end[-1]) if conn and end else '- - -')
EOF
)
  fi
  read -r wall rss < <(sed -n 's/^TIME //p' "$RES/time-$rep.txt")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$wall" "$rss" "$total" "$cached" "$jars" "$conn" >> "$RES/runs.tsv"
  echo "startup rep$rep: wall=$wall s rss=${rss}KB classes=$total (AOT cache $cached, jars $jars) first/last connect, exit (strace): $conn" >&2
done
python3 - "$RES/runs.tsv" "$N" "$C" <<'EOF' | tee "$RES/table.md"
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
def m(i, f=float):
    v = [f(r[i]) for r in rows if r[i] not in ("", "-")]
    return statistics.median(v) if v else float("nan")
conn = [r[6].split() for r in rows if r[6].split()[0] != "-"]
first = statistics.median(float(c[0]) for c in conn) if conn else float("nan")
last = statistics.median(float(c[1]) for c in conn) if conn else float("nan")
end = statistics.median(float(c[2]) for c in conn) if conn else float("nan")
print(f"| W3: {int(sys.argv[2]):,} GETs x 100 ms, c={sys.argv[3]} (medians of {len(rows)}) | value |")
print("|---|---:|")
print(f"| wall s (GNU time) | {m(1):.2f} |")
print(f"| peak RSS MB | {m(2) / 1024:.0f} |")
print(f"| classes loaded | {m(3, int):.0f} |")
print(f"| … from the AOT cache | {m(4, int):.0f} |")
print(f"| … from jars (parsed and verified at start) | {m(5, int):.0f} |")
print(f"| exec to first connect s (strace) | {first:.3f} |")
print(f"| exec to last connect s | {last:.3f} |")
print(f"| exec to exit s | {end:.3f} |")
EOF
