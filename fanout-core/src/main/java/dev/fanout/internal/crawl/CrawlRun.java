package dev.fanout.internal.crawl;

import dev.fanout.Outcome;
import dev.fanout.Request;
import dev.fanout.crawl.Crawl;
import dev.fanout.crawl.CrawlJournal;
import dev.fanout.crawl.CrawlRules;
import dev.fanout.crawl.CrawlStats;
import dev.fanout.crawl.CrawlStep;
import dev.fanout.crawl.Frontier;
import dev.fanout.internal.engine.Engine;
import dev.fanout.internal.engine.StreamRun;

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
    private final ScopeBoundary boundary;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<CrawlJournal.Joined> queue = new ArrayDeque<>();
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

    /** An origin's robots.txt: the rules once known, the requests waiting for them until then. */
    private static final class Robots {
        RobotsTxt rules;
        List<CrawlJournal.Joined> waiting = new ArrayList<>();
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
        this.boundary = new ScopeBoundary(rules.scope());
        this.run = engine.startStream(new Pull(), ordered, boundary);
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
            return step.visit(outcome, new Children(outcome.request()));
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

    /** The frontier as one visit sees it: what it adds is the visited request's child. */
    private final class Children implements Frontier {
        private final Request parent;

        Children(Request parent) {
            this.parent = parent;
        }

        @Override
        public boolean follow(String link) {
            String url = Links.resolve(parent.url(), link);
            String host = url == null ? null : Links.host(url);
            if (host == null) {
                count(() -> notHttp++);
                return false;
            }
            String fromHost = Links.host(parent.url());
            if (fromHost == null || !rules.scope().allows(fromHost, host)) {
                count(() -> outOfScope++);
                return false;
            }
            if (SensitiveHosts.is(host) && !host.equals(fromHost) && !rules.scope().names(host)) {
                count(() -> blocked++);
                return false;
            }
            Request child = Request.get(url);
            if (host.equals(fromHost)) {
                // the same host gets the same headers (an API token, say); another host does not
                child = child.withHeaders(parent.headers());
            }
            return offer(child.foundIn(parent.url(), parent.depth() + 1));
        }

        @Override
        public boolean add(Request request) {
            return offer(request.foundIn(parent.url(), parent.depth() + 1));
        }
    }

    private void count(Runnable increment) {
        lock.lock();
        try {
            increment.run();
        } finally {
            lock.unlock();
        }
    }

    /** Applies the rules to a found request and queues it (or parks it until its origin's robots.txt is known). */
    private boolean offer(Request child) {
        long fingerprint = Fingerprint.of(child);
        String origin = rules.robots() ? Links.origin(child.url()) : null;
        boolean fetchRobots;
        boolean joined;
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
            joined = join(new CrawlJournal.Joined(child, journal.found(child, fingerprint)), origin);
        } finally {
            lock.unlock();
        }
        if (fetchRobots) {
            fetchRobotsTxt(origin, child);
        }
        return joined;
    }

    /**
     * Queues a request that passed the rules, or parks it until its origin's robots.txt is known ({@code origin},
     * null when robots.txt is ignored); returns false when robots.txt refuses it. Called with the lock held.
     */
    private boolean join(CrawlJournal.Joined joined, String origin) {
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
     * Fetches an origin's robots.txt for the found request {@code cause}, within the crawl's boundary and as a
     * request found where {@code cause} was: it may connect only where {@code cause} may (a link into a blocked
     * network does not get there by its robots.txt).
     */
    private void fetchRobotsTxt(String origin, Request cause) {
        if (origin != null) {
            Request robotsTxt = Request.get(origin + "/robots.txt").foundIn(cause.parent(), cause.depth());
            engine.submit(robotsTxt, -1, o -> robotsArrived(origin, o), boundary);
        }
    }

    /** Queues the request if robots.txt allows it; called with the lock held. */
    private boolean admit(RobotsTxt robotsTxt, CrawlJournal.Joined joined) {
        if (robotsTxt.allows(Links.pathAndQuery(joined.request().url()))) {
            enqueue(joined);
            return true;
        }
        robotsDisallowed++;
        committed--;
        return false;
    }

    private void enqueue(CrawlJournal.Joined joined) {
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
            for (CrawlJournal.Joined waiting : r.waiting) {
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
        Map<String, Request> fetch = new LinkedHashMap<>();
        for (CrawlJournal.Joined joined : journal.resumed()) {
            String origin = rules.robots() ? Links.origin(joined.request().url()) : null;
            if (origin != null && !robots.containsKey(origin)) {
                fetch.putIfAbsent(origin, joined.request());
            }
            join(joined, origin);
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

    private final class Pull implements Iterator<Request> {
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
        public Request next() {
            lock.lock();
            try {
                Request r;
                if (!queue.isEmpty()) {
                    CrawlJournal.Joined joined = queue.poll();
                    r = joined.request();
                    journal.pulled(joined.number());
                } else {
                    inputWaiting = false;
                    r = inputs.next();
                    seen.add(Fingerprint.of(r));
                    committed++;
                    inputCount++;
                    journal.pulled(-1);
                }
                unvisited++;
                return r;
            } finally {
                lock.unlock();
            }
        }
    }
}
