"""Writes a Hacker-News-shaped item tree as static JSON files: topstories.json and item/{id}.json.
Same shape as fanout serve's tree (a random recursive tree under the stories), deterministic by seed."""
import json, os, random, sys

root, items, stories = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(42)
kids = [[] for _ in range(items)]
for i in range(stories, items):
    kids[random.randrange(i)].append(i)
os.makedirs(os.path.join(root, 'item'), exist_ok=True)
for i in range(items):
    item = {"by": "user%d" % (i % 97), "id": 1000 + i, "time": 1700000000 + 60 * i,
            "type": "story" if i < stories else "comment", "text": "Item %d" % (1000 + i)}
    if kids[i]:
        item["kids"] = [1000 + k for k in kids[i]]
    with open(os.path.join(root, 'item', '%d.json' % (1000 + i)), 'w') as f:
        json.dump(item, f, separators=(',', ':'))
with open(os.path.join(root, 'topstories.json'), 'w') as f:
    json.dump([1000 + i for i in range(stories)], f)
