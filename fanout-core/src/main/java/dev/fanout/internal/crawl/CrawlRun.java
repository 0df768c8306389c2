package dev.fanout.internal.crawl;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlJournal;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.crawl.CrawlStats;
import dev.fanout.crawl.CrawlStep;
import dev.fanout.internal.engine.Engine;
import dev.fanout.internal.engine.Feed;
import dev.fanout.internal.engine.StreamRun;
import dev.fanout.internal.net.Fingerprint;
import dev.fanout.internal.net.Reach;
import dev.fanout.internal.net.Url;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One crawl: the engine's stream pulls requests from this frontier (inputs first as they come, found requests
 * as soon as they are found), the consumer's thread visits each outcome with the {@link CrawlStep}, and the
 * requests the step adds join the frontier while others are in flight — asyncio's "wait FIRST_COMPLETED"
 * loop, without the loop.
 *
 * <p>The crawl ends when the inputs are exhausted, the frontier is empty, every request pulled has been
 * visited and no request waits for its origin's robots.txt. One lock guards the frontier; it is taken by the
 * engine's feeder thread (pulling), the consumer (adding) and I/O threads (robots.txt answers).
 */
public final class CrawlRun<R> implements Crawl<R>, Iterator<R> {
    private final Engine engine;
    private final CrawlRules rules;
    private final CrawlStep<R> step;
    private final Iterator<? extends Request> inputs;
    private final StreamRun run;
    private final CrawlJournal journal;
    /** Where the inputs may go; found requests' reach is made from it where they are found. */
    private final Reach inputReach;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Found> queue = new ArrayDeque<>();
    private final SeenSet seen = new SeenSet();
    private final Map<String, Robots> robots = new HashMap<>();
    private boolean inputWaiting;
    private boolean inputsDone;
    /** Requests pulled by the engine and not yet visited. */
    private long unvisited;
    /** Requests waiting for their origin's robots.txt. */
    private long parked;
    /** Requests fetched or queued, inputs included: what --max-requests counts. */
    private long committed;
    private long inputCount;
    private long followed;
    private long duplicates;
    private long outOfScope;
    private long notHttp;
    private long blocked;
    private long tooDeep;
    private long overLimit;
    private long robotsDisallowed;
    private long robotsFiles;
    /** Origins whose robots.txt could not be read, with what came back (so the summary can say why a crawl stopped). */
    private final Map<String, String> robotsUnreadable = new java.util.TreeMap<>();
    /** The page URL the consumer's last visit parsed: most pages share its origin, which the next parse then reuses. */
    Url lastParentUrl;

    /** An origin's robots.txt: the rules once known, the requests waiting for them until then. */
    private static final class Robots {
        RobotsTxt rules;
        List<Found> waiting = new ArrayList<>();
    }

    /**
     * A found request that passed the rules, as the journal numbered it, with its URL parsed where it was found
     * (null when it cannot be: the engine reports why) and where it may connect.
     */
    private record Found(CrawlJournal.Joined joined, Url url, Reach reach) {
        Request request() {
            return joined.request();
        }
    }

    private CrawlRun(Engine engine, Iterator<? extends Request> inputs, CrawlRules rules, CrawlStep<R> step, boolean ordered,
                     CrawlJournal journal) {
        this.engine = engine;
        this.inputs = inputs;
        this.rules = rules;
        this.step = step;
        this.journal = journal;
        for (long fingerprint : journal.joined()) {
            seen.add(fingerprint);
        }
        this.committed = seen.size();
        this.inputReach = engine.inputs(new ScopeBounds(rules.scope()));
        this.run = engine.startStream(new Pull(), ordered);
    }

    public static <R> CrawlRun<R> start(Engine engine, Iterator<? extends Request> inputs, CrawlRules rules,
                                        CrawlStep<R> step, boolean ordered) {
        return start(engine, inputs, rules, step, ordered, CrawlJournal.NONE);
    }

    /** A crawl whose requests {@code journal} keeps, continuing what it kept from earlier runs. */
    public static <R> CrawlRun<R> start(Engine engine, Iterator<? extends Request> inputs, CrawlRules rules,
                                        CrawlStep<R> step, boolean ordered, CrawlJournal journal) {
        return new CrawlRun<>(engine, inputs, rules, step, ordered, journal);
    }

    // ---- the consumer side ----

    @Override
    public boolean hasNext() {
        return run.hasNext();
    }

    @Override
    public R next() {
        Outcome outcome = run.next();
        try {
            return step.visit(outcome, new Visit(this, outcome.request()));
        } finally {
            lock.lock();
            try {
                unvisited--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public Stream<R> stream() {
        Spliterator<R> split = Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED);
        return StreamSupport.stream(split, false).onClose(this::close);
    }

    @Override
    public CrawlStats stats() {
        lock.lock();
        try {
            return new CrawlStats(inputCount, followed, duplicates, outOfScope, notHttp, blocked, tooDeep, overLimit,
                    robotsDisallowed, robotsFiles, robotsUnreadable);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        run.close();
    }

    /** Why a found link was dropped before the frontier's rules: each is counted in the stats. */
    enum Skip { NOT_HTTP, OUT_OF_SCOPE, BLOCKED }

    /** Counts a link {@link Visit} dropped. */
    void skipped(Skip why) {
        lock.lock();
        try {
            switch (why) {
                case NOT_HTTP -> notHttp++;
                case OUT_OF_SCOPE -> outOfScope++;
                case BLOCKED -> blocked++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Where the crawl's inputs may go: found requests' reach is made from it. */
    Reach inputReach() {
        return inputReach;
    }

    /**
     * Applies the rules to a found request ({@code url} parsed, null when it cannot be; {@code reach} made where it
     * was found) and queues it, or parks it until its origin's robots.txt is known.
     */
    boolean offer(Request child, Url url, Reach reach) {
        long fingerprint = Fingerprint.of(child.method(), child.url(), url, child.body());
        String origin = rules.robots() && url != null ? url.originKey() : null;
        boolean fetchRobots;
        boolean joined;
        Found found;
        lock.lock();
        try {
            if (seen.contains(fingerprint)) {
                duplicates++;
                return false;
            }
            if (child.depth() > rules.maxDepth()) {
                tooDeep++;
                return false;
            }
            if (committed >= rules.maxRequests()) {
                overLimit++;
                return false;
            }
            seen.add(fingerprint);
            committed++;
            fetchRobots = origin != null && !robots.containsKey(origin);
            found = new Found(new CrawlJournal.Joined(child, journal.found(child, fingerprint)), url, reach);
            joined = join(found, origin);
        } finally {
            lock.unlock();
        }
        if (fetchRobots) {
            fetchRobotsTxt(origin, found);
        }
        return joined;
    }

    /**
     * Queues a request that passed the rules, or parks it until its origin's robots.txt is known ({@code origin},
     * null when robots.txt is ignored); returns false when robots.txt refuses it. Called with the lock held.
     */
    private boolean join(Found joined, String origin) {
        if (origin == null) {
            enqueue(joined);
            return true;
        }
        Robots r = robots.computeIfAbsent(origin, o -> new Robots());
        if (r.rules == null) {
            r.waiting.add(joined);
            parked++;
            return true;
        }
        return admit(r.rules, joined);
    }

    /**
     * Fetches an origin's robots.txt for the found request {@code cause}, as a request found where {@code cause}
     * was: it may connect only where {@code cause} may (a link into a blocked network does not get there by its
     * robots.txt).
     */
    private void fetchRobotsTxt(String origin, Found cause) {
        Request robotsTxt = Request.get(origin + "/robots.txt").foundIn(cause.request().parent(), cause.request().depth());
        engine.submit(robotsTxt, null, cause.reach().robotsTxt(), -1, o -> robotsArrived(origin, o));
    }

    /** Queues the request if robots.txt allows it; called with the lock held. */
    private boolean admit(RobotsTxt robotsTxt, Found joined) {
        if (robotsTxt.allows(joined.url().pathAndQuery())) {
            enqueue(joined);
            return true;
        }
        robotsDisallowed++;
        committed--;
        return false;
    }

    private void enqueue(Found joined) {
        queue.add(joined);
        followed++;
        changed.signalAll();
    }

    /**
     * An origin's robots.txt arrived (on an I/O thread). RFC 9309: a 4xx (or a redirect, not followed) means no
     * rules; a 5xx or no answer means the whole origin is disallowed.
     */
    private void robotsArrived(String origin, Outcome o) {
        RobotsTxt parsed;
        if (o.hasResponse() && o.status() >= 200 && o.status() < 300) {
            parsed = RobotsTxt.parse(o.body(), rules.agent());
        } else if (o.hasResponse() && o.status() < 500) {
            parsed = RobotsTxt.ALLOW_ALL;
        } else {
            parsed = RobotsTxt.DISALLOW_ALL;
        }
        engine.discard(o); // read: its memory (and any saved file) is not needed
        lock.lock();
        try {
            if (parsed == RobotsTxt.DISALLOW_ALL && !(o.hasResponse() && o.status() < 300)) {
                robotsUnreadable.put(origin, o.errorText());
            }
            Robots r = robots.get(origin);
            r.rules = parsed;
            robotsFiles++;
            for (Found waiting : r.waiting) {
                parked--;
                admit(parsed, waiting);
            }
            r.waiting = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- the engine's side: the feeder thread pulls from here ----

    /**
     * Takes on again the found requests an earlier run of the job left undone, once the inputs are read (so
     * that the job has seen the inputs' headers, which found requests take theirs from). They passed the rules
     * when found; robots.txt is asked again. Called with the lock held; it is let go to fetch robots.txt files.
     */
    private void resume() {
        Map<String, Found> fetch = new LinkedHashMap<>();
        for (CrawlJournal.Joined joined : journal.resumed()) {
            Found found = resumed(joined);
            String origin = rules.robots() && found.url() != null ? found.url().originKey() : null;
            if (origin != null && !robots.containsKey(origin)) {
                fetch.putIfAbsent(origin, found);
            }
            join(found, origin);
        }
        if (!fetch.isEmpty()) {
            lock.unlock();
            try {
                fetch.forEach(CrawlRun.this::fetchRobotsTxt);
            } finally {
                lock.lock();
            }
        }
    }

    /** A request found by an earlier run, its URL parsed again and its reach made as it was when it was found. */
    private Found resumed(CrawlJournal.Joined joined) {
        Request r = joined.request();
        Url url = Url.parseOrNull(r.url());
        Url parent = r.parent() == null ? null : Url.parseOrNull(r.parent());
        return new Found(joined, url, inputReach.found(Reach.From.LINK, parent == null ? null : parent.host(),
                url == null ? null : url.host()));
    }

    private final class Pull implements Feed {
        @Override
        public boolean hasNext() {
            lock.lock();
            try {
                while (true) {
                    if (inputWaiting || !queue.isEmpty()) {
                        return true;
                    }
                    if (!inputsDone) {
                        boolean more;
                        lock.unlock();
                        try {
                            more = inputs.hasNext(); // may block, e.g. on standard input
                        } finally {
                            lock.lock();
                        }
                        if (more) {
                            inputWaiting = true;
                        } else {
                            inputsDone = true;
                            resume();
                        }
                        continue;
                    }
                    if (unvisited == 0 && parked == 0) {
                        return false;
                    }
                    changed.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void next(Intake to) {
            Request r;
            Url url;
            Reach reach;
            lock.lock();
            try {
                if (!queue.isEmpty()) {
                    Found found = queue.poll();
                    r = found.request();
                    url = found.url();
                    reach = found.reach();
                    journal.pulledFound(found.joined().number());
                } else {
                    inputWaiting = false;
                    r = inputs.next();
                    url = Url.parseOrNull(r.url());
                    reach = inputReach;
                    seen.add(Fingerprint.of(r.method(), r.url(), url, r.body()));
                    committed++;
                    inputCount++;
                    journal.pulledInput();
                }
                unvisited++;
            } finally {
                lock.unlock();
            }
            to.take(r, url, reach);
        }
    }
}
