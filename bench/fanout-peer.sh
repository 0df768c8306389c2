#!/usr/bin/env bash
# fanout as a peer client for ../shared/bench/peers/run-all.sh: URL N C
# Makes N GETs of URL at concurrency C with `fanout get` (records written as JSONL to /dev/null, as a user
# would write them to a file), then prints "RESULT ok=<responses with status 200> fail=<the rest>" and
# exits 0 only if all N were 200.
set -uo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
url=$1 n=$2 c=$3
err=$(mktemp)
trap 'rm -f "$err"' EXIT
"$ROOT/fanout" get -c "$c" -o /dev/null "$url?i={i}" -p "i=1..$n" 2>"$err"
cat "$err"
ok=$(sed -nE 's/^  status.* 200: ([0-9,]+).*/\1/p' "$err" | tr -d ',')
ok=${ok:-0}
echo "RESULT ok=$ok fail=$((n - ok))"
[ "$ok" -eq "$n" ]
