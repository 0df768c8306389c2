#!/usr/bin/env python3
"""The closing-server table from bench/closing.sh's runs.tsv (stdlib only).

usage: closing_summary.py RUNS_TSV N C
Each line: client, rep, "wall user sys rss_kb", exit status, accept-queue overflows, SYN retransmissions.
Prints medians per client and fanout's wall against curl's (the issue's target: <= 1.5x).
"""
import statistics
import sys

path, n, c = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = {}
for line in open(path):
    p = line.rstrip("\n").split("\t")
    if len(p) < 6 or len(p[2].split()) != 4:
        continue
    wall, user, sys_, rss = p[2].split()
    runs.setdefault(p[0], []).append((float(wall), float(user) + float(sys_), int(rss) / 1024, int(p[3]), p[4], p[5]))

print(f"| client ({n:,} GETs, c={c}) | wall s | CPU µs/req | RSS MB | overflows | SYN retransmits | failed runs |")
print("|---|---:|---:|---:|---:|---:|---:|")
walls = {}
for name, rs in sorted(runs.items(), key=lambda kv: statistics.median(r[0] for r in kv[1])):
    wall = statistics.median(r[0] for r in rs)
    walls[name] = wall
    print("| %s | %.2f | %.0f | %.0f | %s | %s | %d |" % (
        name, wall, statistics.median(r[1] for r in rs) / n * 1e6, statistics.median(r[2] for r in rs),
        "/".join(r[4] for r in rs), "/".join(r[5] for r in rs), sum(1 for r in rs if r[3] != 0)))
if "fanout" in walls and "curl" in walls:
    ratio = walls["fanout"] / walls["curl"]
    print(f"\nfanout / curl wall: {ratio:.2f} (target <= 1.5: {'yes' if ratio <= 1.5 else 'NO'})")
