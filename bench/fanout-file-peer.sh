#!/usr/bin/env bash
# fanout as a peer client writing its records to a real file, with or without a --job journal:
#   bench/fanout-file-peer.sh URL N C [job]
# Prints "RESULT ok=<responses with status 200> fail=<the rest>" like bench/fanout-peer.sh; the file and the
# job are deleted afterwards. Used by bench/journal.sh to measure what journaling costs.
set -uo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
url=$1 n=$2 c=$3 mode=${4:-plain}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
job=()
[ "$mode" = job ] && job=(--job "$dir/job.db")
"$ROOT/fanout" get -c "$c" -o "$dir/out.jsonl" "${job[@]}" "$url?i={i}" -p "i=1..$n" 2>"$dir/err"
cat "$dir/err"
ok=$(sed -nE 's/^  status.* 200: ([0-9,]+).*/\1/p' "$dir/err" | tr -d ',')
ok=${ok:-0}
echo "RESULT ok=$ok fail=$((n - ok))"
[ "$ok" -eq "$n" ]
