"""Medians per client and case from runs.tsv (name, case, 'wall user sys rss_kb', ok) and fanout's ratios."""
import statistics, sys
from collections import defaultdict

path, expected, c = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = defaultdict(list)
for line in open(path):
    name, case, t, ok = line.rstrip('\n').split('\t')
    if not t:
        runs[(case, name)].append(None)
        continue
    wall, user, sys_, rss = t.split()
    runs[(case, name)].append((float(wall), float(user) + float(sys_), int(rss) / 1024, int(ok)))

print("| case | client | wall s (median) | items/s | CPU µs/item | peak RSS MB | all %d fetched once |" % expected)
print("|---|---|---:|---:|---:|---:|---|")
walls = {}
for (case, name), rs in sorted(runs.items()):
    good = [r for r in rs if r]
    if not good:
        print("| %s | %s | failed | | | | no |" % (case, name))
        continue
    wall = statistics.median(r[0] for r in good)
    cpu = statistics.median(r[1] for r in good)
    rss = statistics.median(r[2] for r in good)
    complete = all(r[3] == expected for r in good) and len(good) == len(rs)
    walls[(case, name)] = wall
    print("| %s | %s (c=%s) | %.2f | %s | %.0f | %.0f | %s |" % (case, name, c, wall, f"{expected / wall:,.0f}",
                                                            cpu / expected * 1e6, rss, "yes" if complete else "NO"))
print()
for case in sorted({k[0] for k in walls}):
    f = walls.get((case, "fanout"))
    for peer in ("aiohttp", "go"):
        p = walls.get((case, peer))
        if f and p:
            print("- %s: fanout is %.2f× %s's speed (wall %s / fanout)" % (case, p / f, peer, peer))
