"""The asyncio + aiohttp crawl people write by hand: C workers on a queue, each response's kids queued,
a seen-set, until the queue drains. Prints RESULT ok=.. fail=.. and exits non-zero on any failure."""
import asyncio, sys
import aiohttp

async def main(base, c):
    queue, seen, counts = asyncio.Queue(), set(), {"ok": 0, "fail": 0}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=c)) as session:
        async with session.get(base + "/topstories.json") as r:
            top = await r.json()
        counts["ok"] += 1
        for i in top:
            seen.add(i)
            queue.put_nowait(i)

        async def worker():
            while True:
                i = await queue.get()
                try:
                    async with session.get("%s/item/%d.json" % (base, i)) as r:
                        item = await r.json()
                        if r.status != 200:
                            counts["fail"] += 1
                            continue
                    counts["ok"] += 1
                    for k in item.get("kids", []):
                        if k not in seen:
                            seen.add(k)
                            queue.put_nowait(k)
                except Exception:
                    counts["fail"] += 1
                finally:
                    queue.task_done()

        workers = [asyncio.create_task(worker()) for _ in range(c)]
        await queue.join()
        for w in workers:
            w.cancel()
    print("RESULT ok=%d fail=%d" % (counts["ok"], counts["fail"]))
    return counts["fail"]

sys.exit(1 if asyncio.run(main(sys.argv[1], int(sys.argv[2]))) else 0)
