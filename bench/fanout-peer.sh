#!/usr/bin/env bash
# fanout as a peer client for ../shared/bench/peers/run-all.sh: URL N C
# Makes N GETs of URL at concurrency C with `fanout get` (records written as JSONL to /dev/null, as a user
# would write them to a file), then prints "RESULT ok=<responses with status 200> fail=<the rest>" and
# exits 0 only if all N were 200.
# The summary is read as it passes, with bash alone: the harness times this whole script as fanout, and a
# temporary file and the helpers that read it (mktemp, cat, sed, tr, rm) cost ~10 ms of a 0.4 s run.
set -uo pipefail
url=$1 n=$2 c=$3
here=${BASH_SOURCE[0]%/*}
[ "$here" = "${BASH_SOURCE[0]}" ] && here=.   # run as `bash fanout-peer.sh` from bench/
ok=0
while IFS= read -r line; do
  printf '%s\n' "$line" >&2
  [[ $line =~ ^\ \ status.*\ 200:\ ([0-9,]+) ]] && ok=${BASH_REMATCH[1]//,/}
done < <("$here/../fanout" get -c "$c" -o /dev/null "$url?i={i}" -p "i=1..$n" 2>&1 >/dev/null)
wait "$!"   # reaped here, so that its CPU time is counted in this script's (the harness reports it)
echo "RESULT ok=$ok fail=$((n - ok))"
[ "$ok" -eq "$n" ]
