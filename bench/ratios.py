#!/usr/bin/env python3
"""fanout's ratios to the peers from one bench/peers.sh results directory (stdlib only).

usage: ratios.py RESULTS_DIR
Reads RESULTS_DIR/runs.tsv and, when there, RESULTS_DIR/c10000/runs.tsv (the c=10,000 case), takes the median
of the repetitions per case and peer, and prints the targets of issue 19: W1 req/s >= Go's and CPU per request
<= Go's, W2/1000 wall <= 1.15x ideal, W2/10000 wall <= Go's, W3 wall <= aiohttp's, peak RSS <= 80 MB on W1 and W3.
"""
import os
import statistics
import sys

res = sys.argv[1]
runs = {}
for path in (os.path.join(res, "runs.tsv"), os.path.join(res, "c10000", "runs.tsv")):
    if not os.path.exists(path):
        continue
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 10:
                continue
            case, peer, _kind, _rep, n, c, rc, timing = p[:8]
            t = timing.split()
            if len(t) != 4:
                continue
            runs.setdefault((case, peer), []).append(
                (int(n), int(c), int(rc), float(t[0]), float(t[1]) + float(t[2]), int(t[3]) / 1024))


def med(case, peer, what):
    rs = runs.get((case, peer))
    if not rs:
        return None
    pick = {
        "rate": lambda r: r[0] / r[3],
        "wall": lambda r: r[3],
        "cpu": lambda r: r[4] / r[0] * 1e6,
        "rss": lambda r: r[5],
    }[what]
    return statistics.median(pick(r) for r in rs)


def case(prefix):
    return next((c for c, _ in runs if c.startswith(prefix)), None)


rows = []


def ratio(name, value, target, ok):
    rows.append((name, value, target, ok))


w1 = case("W1/")
if w1:
    f, g, a = (med(w1, p, "rate") for p in ("fanout", "go", "aiohttp"))
    if f and g:
        ratio(f"{w1} req/s: fanout / Go", f / g, ">= 1.0", f / g >= 1.0)
        fc, gc = med(w1, "fanout", "cpu"), med(w1, "go", "cpu")
        ratio(f"{w1} CPU µs/req: fanout / Go ({fc:.0f} / {gc:.0f})", fc / gc, "<= 1.0", fc <= gc)
    if f and a:
        ratio(f"{w1} req/s: fanout / aiohttp", f / a, "(info)", None)
    rss = med(w1, "fanout", "rss")
    if rss:
        ratio(f"{w1} peak RSS MB: fanout", rss, "<= 80", rss <= 80)
for prefix, ideal_target in (("W2/1000", 1.15), ("W2/10000", None)):
    w2 = next((c for c, _ in runs if c == prefix), None)
    if not w2 or (w2, "fanout") not in runs:
        continue
    n, c = runs[(w2, "fanout")][0][:2]
    ideal = n * 0.1 / c
    f = med(w2, "fanout", "wall")
    if ideal_target:
        ratio(f"{w2} wall: fanout / ideal ({ideal:.1f} s)", f / ideal, f"<= {ideal_target}", f / ideal <= ideal_target)
    g = med(w2, "go", "wall")
    if g:
        ok = f <= g if ideal_target is None else None
        ratio(f"{w2} wall: fanout / Go ({n:,} requests)", f / g, "<= 1.0" if ok is not None else "(info)", ok)
    rss, grss = med(w2, "fanout", "rss"), med(w2, "go", "rss")
    if rss and grss:
        ratio(f"{w2} peak RSS: fanout / Go ({rss:.0f} / {grss:.0f} MB)", rss / grss, "(info)", None)
w3 = case("W3/")
if w3 and (w3, "fanout") in runs:
    f, a = med(w3, "fanout", "wall"), med(w3, "aiohttp", "wall")
    if a:
        ratio(f"{w3} wall: fanout / aiohttp ({f:.2f} / {a:.2f} s)", f / a, "<= 1.0", f / a <= 1.0)
    rss = med(w3, "fanout", "rss")
    ratio(f"{w3} peak RSS MB: fanout", rss, "<= 80", rss <= 80)
    s = med(w3, "requests-seq", "wall")
    if s:
        ratio(f"{w3} speedup: requests one by one / fanout", s / f, "(info)", None)

print("| ratio | measured | target | met |")
print("|---|---:|---|---|")
for name, v, target, ok in rows:
    print(f"| {name} | {v:.2f} | {target} | {'' if ok is None else ('yes' if ok else 'NO')} |")
bad = sum(1 for (c, p), rs in runs.items() if p == "fanout" for r in rs if r[2] != 0)
if bad:
    print("\nfanout runs with a non-zero exit: %d" % bad)
