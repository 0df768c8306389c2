package dev.fanout.job;

import java.util.Objects;

/**
 * How a {@link Job}'s messages name its file and what its caller's user does to continue a job with other settings or
 * as another kind of run: a library's words by default ({@link #DEFAULT}); a command line passes its flags, so that
 * its user reads {@code --job x.job belongs to another command: … or add --force …}. Immutable.
 *
 * @param file     what precedes the job file's path ({@code "job"}, {@code "--job"})
 * @param force    how to continue a job with other settings ({@code "open it with force"}, {@code "add --force"})
 * @param crawl    how a crawl's job was started ({@code "as a crawl"}, {@code "as a crawl (--follow)"})
 * @param notCrawl how a plain run's job was started ({@code "without crawling"}, {@code "without --follow"})
 */
public record JobWording(String file, String force, String crawl, String notCrawl) {
    /** The library's words: {@code job x.job belongs to another command: … or open it with force …}. */
    public static final JobWording DEFAULT = new JobWording("job", "open it with force", "as a crawl", "without crawling");

    public JobWording {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(force, "force");
        Objects.requireNonNull(crawl, "crawl");
        Objects.requireNonNull(notCrawl, "notCrawl");
    }
}
