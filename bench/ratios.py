#!/usr/bin/env python3
"""fanout's ratios to the peers from one run-all.sh results directory (stdlib only).

usage: ratios.py RESULTS_DIR
Reads runs.tsv (median of the repetitions per case and peer) and prints the issue's targets:
W1 req/s vs Go and aiohttp, W2 wall vs ideal, W3 wall vs aiohttp.
"""
import os
import statistics
import sys

res = sys.argv[1]
runs = {}
with open(os.path.join(res, "runs.tsv")) as f:
    for line in f:
        p = line.rstrip("\n").split("\t")
        if len(p) < 10:
            continue
        case, peer, _kind, _rep, n, c, rc, timing = p[:8]
        t = timing.split()
        if len(t) != 4:
            continue
        wall = float(t[0])
        runs.setdefault((case, peer), []).append((int(n), int(c), int(rc), wall, float(t[1]) + float(t[2])))


def med(case, peer, what):
    rs = runs.get((case, peer))
    if not rs:
        return None
    if what == "rate":
        return statistics.median(n / w for n, _c, _rc, w, _cpu in rs)
    if what == "wall":
        return statistics.median(w for *_x, w, _cpu in rs)
    return statistics.median(cpu / n * 1e6 for n, _c, _rc, _w, cpu in rs)


def fails(case, peer):
    return sum(1 for r in runs.get((case, peer), []) if r[2] != 0)


rows = []
w1 = next((c for c, _ in runs if c.startswith("W1/")), None)
if w1:
    f, g, a = (med(w1, p, "rate") for p in ("fanout", "go", "aiohttp"))
    if f and g:
        rows.append((f"{w1} req/s: fanout / Go", f / g, ">= 0.5", f / g >= 0.5))
    if f and a:
        rows.append((f"{w1} req/s: fanout / aiohttp", f / a, ">= 3", f / a >= 3))
    if f and g:
        rows.append((f"{w1} CPU µs/req: fanout / Go", med(w1, "fanout", "cpu") / med(w1, "go", "cpu"), "(info)", None))
w2 = next((c for c, _ in runs if c.startswith("W2/")), None)
if w2 and (w2, "fanout") in runs:
    n, c = runs[(w2, "fanout")][0][:2]
    ideal = n * 0.1 / c
    f = med(w2, "fanout", "wall")
    rows.append((f"{w2} wall: fanout / ideal ({ideal:.1f} s)", f / ideal, "<= 1.5", f / ideal <= 1.5))
    g = med(w2, "go", "wall")
    if g:
        rows.append((f"{w2} wall: fanout / Go", f / g, "(info)", None))
w3 = next((c for c, _ in runs if c.startswith("W3/")), None)
if w3 and (w3, "fanout") in runs and (w3, "aiohttp") in runs:
    f, a = med(w3, "fanout", "wall"), med(w3, "aiohttp", "wall")
    rows.append((f"{w3} wall: fanout / aiohttp", f / a, "<= 2", f / a <= 2))
    s = med(w3, "requests-seq", "wall")
    if s:
        rows.append((f"{w3} speedup: requests one by one / fanout", s / f, "(info)", None))

print("| ratio | measured | target | met |")
print("|---|---:|---|---|")
for name, v, target, ok in rows:
    print(f"| {name} | {v:.2f} | {target} | {'' if ok is None else ('yes' if ok else 'NO')} |")
bad = [p for (c, p) in runs if p == "fanout" and fails(c, p)]
if bad:
    print("\nfanout runs with a non-zero exit: %d" % sum(fails(c, "fanout") for c, _ in runs))
