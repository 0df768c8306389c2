#!/usr/bin/env bash
# The crawl benchmark: a Hacker-News-shaped tree of ITEMS items (default 20,000 under 500 stories) served as
# static JSON files by a local nginx (pinned to core 0), crawled from topstories.json by following every
# item's kids — by `fanout get --follow`, by the asyncio+aiohttp crawler people write by hand, and by the
# same crawler in Go (each client pinned to core 1, whole process timed, median of REPS). Two cases: items
# answered at once, and after DELAY_MS (nginx echo module timer) like a remote API.
# Traffic stays on 127.0.0.1; every run is bounded by a timeout.
#   bench/crawl.sh                      # 3 repetitions, c=64, ~5 min
#   REPS=1 ITEMS=5000 bench/crawl.sh    # quicker
# Needs (Debian): nginx libnginx-mod-http-echo golang-go python3-aiohttp time
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
HERE=$ROOT/bench/crawl
REPS=${REPS:-3}
ITEMS=${ITEMS:-20000}
STORIES=${STORIES:-500}
C=${C:-64}
DELAY_MS=${DELAY_MS:-20}
PORT=${PORT:-18480}
PYTHON=${PYTHON:-/usr/bin/python3}
RES=${RESULTS_DIR:-$ROOT/bench/results/crawl-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RES"

"$ROOT/fanout" --version >&2          # builds (and records the AOT cache) before anything is timed
python3 "$HERE/make_tree.py" "$RES/www" "$ITEMS" "$STORIES"
ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so
{
  [ -f "$ECHO_MODULE" ] && echo "load_module $ECHO_MODULE;"
  sed -e "s#@RES@#$RES#g" -e "s#@PORT@#$PORT#g" -e "s#@ROOT@#$RES/www#g" "$HERE/nginx.conf.in"
} > "$RES/nginx.conf"
if [ -f "$ECHO_MODULE" ]; then
  # /slow/X answers X after DELAY_MS, on nginx's timer (no blocking)
  sed -i "s#    root $RES/www;#    root $RES/www;\n    location ~ ^/slow(/.*)\$ { echo_sleep $(awk "BEGIN{print $DELAY_MS/1000}"); echo_exec \$1; }#" "$RES/nginx.conf"
fi
taskset -c 0 nginx -c "$RES/nginx.conf" -p "$RES"
trap 'nginx -c "$RES/nginx.conf" -p "$RES" -s stop 2>/dev/null || true' EXIT
sleep 0.3

GO_BIN=""
if command -v go >/dev/null; then
  mkdir -p "$RES/go"
  cp "$HERE/crawl_go.go" "$RES/go/main.go"
  (cd "$RES/go" && GOFLAGS=-mod=mod GO111MODULE=off GOCACHE="$RES/go/cache" go build -o crawl main.go) && GO_BIN=$RES/go/crawl
fi

expected=$((ITEMS + 1))
run() { # name base -> appends "name case wall user sys rss ok" to runs.tsv
  local name=$1 base=$2 case=$3 log=$RES/$1-$3-$4.log out
  case $name in
    fanout) cmd=("$ROOT/fanout" get "$base/topstories.json" --follow '$[0:]' --follow '$.kids[*]'
                  --follow-template "$base/item/{}.json" -c "$C" --no-progress -o /dev/null) ;;
    aiohttp) cmd=("$PYTHON" "$HERE/crawl_aiohttp.py" "$base" "$C") ;;
    go) cmd=("$GO_BIN" "$base" "$C") ;;
  esac
  timeout 300 taskset -c 1 /usr/bin/time -f "TIME %e %U %S %M" "${cmd[@]}" > "$log" 2>&1 || true
  local t ok
  t=$(grep '^TIME' "$log" | tail -1 | cut -d' ' -f2-)
  if [ "$name" = fanout ]; then
    ok=$(grep -o "status  200: [0-9,]*" "$log" | sed "s/.*: //" | tr -dc 0-9)
  else
    ok=$(grep -o "RESULT ok=[0-9]*" "$log" | tr -dc 0-9)
  fi
  printf '%s\t%s\t%s\t%s\n' "$name" "$case" "$t" "${ok:-0}" >> "$RES/runs.tsv"
}

: > "$RES/runs.tsv"
for rep in $(seq "$REPS"); do
  for client in fanout aiohttp ${GO_BIN:+go}; do
    run "$client" "http://127.0.0.1:$PORT" instant "$rep"
    [ -f "$ECHO_MODULE" ] && run "$client" "http://127.0.0.1:$PORT/slow" "delay${DELAY_MS}ms" "$rep"
  done
done
python3 "$HERE/summarize.py" "$RES/runs.tsv" "$expected" "$C" | tee "$RES/table.md"
rm -rf "$RES/www" "$RES/go/cache"   # the tree is generated again next time; results keep only logs and tables
