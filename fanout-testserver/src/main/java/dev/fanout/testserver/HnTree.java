package dev.fanout.testserver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic Hacker-News-shaped item tree: {@code stories} top stories, and every later item a comment
 * whose parent is drawn from the items before it (a random recursive tree, so depth grows like log n). The
 * same (items, stories, seed) always gives the same tree, so tests can compute the expected crawl.
 *
 * <p>Ids run from {@link #FIRST_ID} to {@code FIRST_ID + items - 1}.
 */
public final class HnTree {
    public static final int FIRST_ID = 1000;

    private final int items;
    private final int stories;
    private final int[] parent;
    private final int[][] kids;

    public HnTree(int items, int stories, long seed) {
        if (stories < 1 || items < stories) {
            throw new IllegalArgumentException("need 1 <= stories <= items, got stories=" + stories + " items=" + items);
        }
        this.items = items;
        this.stories = stories;
        this.parent = new int[items];
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Integer>> children = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            children.add(new ArrayList<>(0));
        }
        Arrays.fill(parent, -1);
        for (int i = stories; i < items; i++) {
            int p = random.nextInt(i);
            parent[i] = p;
            children.get(p).add(i);
        }
        this.kids = new int[items][];
        for (int i = 0; i < items; i++) {
            kids[i] = children.get(i).stream().mapToInt(k -> k + FIRST_ID).toArray();
        }
    }

    public int size() {
        return items;
    }

    /** Ids of the top stories, in order. */
    public int[] topStories() {
        int[] out = new int[stories];
        for (int i = 0; i < stories; i++) {
            out[i] = FIRST_ID + i;
        }
        return out;
    }

    public boolean contains(int id) {
        return id >= FIRST_ID && id < FIRST_ID + items;
    }

    /** The item as the HN API's JSON. */
    public String itemJson(int id) {
        int i = id - FIRST_ID;
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"by\":\"user").append(i % 97).append("\",\"id\":").append(id);
        if (kids[i].length > 0) {
            sb.append(",\"kids\":").append(Arrays.toString(kids[i]).replace(" ", ""));
        }
        if (parent[i] < 0) {
            sb.append(",\"score\":").append(10 + i % 300)
              .append(",\"time\":").append(1_700_000_000L + i * 60L)
              .append(",\"title\":\"Story ").append(id).append("\",\"type\":\"story\"}");
        } else {
            sb.append(",\"parent\":").append(parent[i] + FIRST_ID)
              .append(",\"text\":\"Comment ").append(id).append("\"")
              .append(",\"time\":").append(1_700_000_000L + i * 60L)
              .append(",\"type\":\"comment\"}");
        }
        return sb.toString();
    }
}
