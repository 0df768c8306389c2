/**
 * Batch I/O on top of fanout's client ({@code dev.fanout.core}): inputs from URL templates, parameters and tables
 * ({@code dev.fanout.source}), one record per outcome in JSON lines, CSV or SQLite ({@code dev.fanout.sink}),
 * durable jobs that resume after a crash ({@code dev.fanout.job}) and a run's statistics ({@code dev.fanout.stats}).
 * The journal and the SQLite output use sqlite-jdbc; the statistics HdrHistogram.
 */
@SuppressWarnings("requires-automatic") // HdrHistogram's jar names no module: its name comes from the file name
module dev.fanout.batch {
    requires transitive dev.fanout.core;
    requires java.sql;
    requires com.fasterxml.jackson.core;
    requires org.xerial.sqlitejdbc;
    requires HdrHistogram;

    exports dev.fanout.job;
    exports dev.fanout.sink;
    exports dev.fanout.source;
    exports dev.fanout.stats;
}
