package dev.fanout.job;

import dev.fanout.internal.job.Journal;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * What makes two runs one job, kept in its journal: the settings it was started with (a run with other settings
 * is refused unless forced, which adopts them) and whether it is a plain run or a crawl (fixed by its first run,
 * for good). Not thread-safe.
 */
final class SettingsGuard {
    private static final String SETTINGS = "settings";
    private static final String KIND = "kind";
    private static final String PLAIN = "inputs";
    private static final String CRAWL = "crawl";

    private final Journal journal;
    private final Path file;
    private String kind;

    private SettingsGuard(Journal journal, Path file, String kind) {
        this.journal = journal;
        this.file = file;
        this.kind = kind;
    }

    /**
     * Admits a run with {@code settings} to the job {@code journal} holds: records them when the job has none,
     * or when they differ and {@code force} is set; refuses other settings otherwise.
     */
    public static SettingsGuard admit(Journal journal, Path file, String settings, boolean force) throws SQLException, JobException {
        String recorded = journal.value(SETTINGS);
        if (recorded != null && !recorded.equals(settings) && !force) {
            throw new JobException(JobException.Reason.OTHER_SETTINGS, file, recorded);
        }
        if (recorded == null || !recorded.equals(settings)) {
            journal.put(SETTINGS, settings);
            journal.commit();
        }
        return new SettingsGuard(journal, file, journal.value(KIND));
    }

    /** Fixes what the job runs, a crawl or not, the first time; refuses the other kind after that. */
    public void use(boolean crawl) throws JobException {
        String wanted = crawl ? CRAWL : PLAIN;
        if (kind != null && !kind.equals(wanted)) {
            throw new JobException(kind.equals(CRAWL) ? JobException.Reason.STARTED_AS_CRAWL
                    : JobException.Reason.STARTED_AS_PLAIN_RUN, file, "");
        }
        if (kind == null) {
            try {
                journal.put(KIND, wanted);
                journal.commit();
            } catch (SQLException e) {
                throw new JobException(JobException.Reason.UNUSABLE, file, "cannot write (" + e.getMessage() + ")");
            }
            kind = wanted;
        }
    }

    /** Whether the job is a crawl's (once {@link #use} fixed it, or an earlier run did). */
    public boolean crawls() {
        return CRAWL.equals(kind);
    }
}
