package dev.fanout.internal.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * The SQL of a job file: one SQLite database in WAL mode with a {@code job} table (settings, where the
 * output stood at the last commit) and a {@code done} table (one row per finished input: its position, its
 * request's fingerprint, where its record sits in the output, and what happened, for reports). Not
 * thread-safe: one writer.
 *
 * <p>A commit is atomic: after a crash the file holds exactly the rows of the last commit. synchronous=NORMAL
 * in WAL mode loses nothing when the process dies (the kernel has the WAL); only a power cut may lose the last
 * commits, which are then run again.
 */
public final class Journal implements AutoCloseable {
    /** One finished input as recorded. */
    public record Row(long position, long fingerprint, long seq, int status, String error, double elapsedMs,
                      int attempts, String lastError, long finishedMs) {
    }

    private static final int SCHEMA = 1;

    private final Connection db;
    private final PreparedStatement insert;
    private final PreparedStatement setValue;
    private int pending;

    private Journal(Connection db) throws SQLException {
        this.db = db;
        this.insert = db.prepareStatement("INSERT OR REPLACE INTO done(position, fingerprint, seq, status, error, elapsed_ms, "
                + "attempts, last_error, finished_ms) VALUES (?,?,?,?,?,?,?,?,?)");
        this.setValue = db.prepareStatement("INSERT OR REPLACE INTO job(key, value) VALUES (?, ?)");
    }

    /** Opens (creating if needed) the job file at {@code file}. */
    public static Journal open(Path file) throws SQLException, IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE IF NOT EXISTS job(key TEXT PRIMARY KEY, value TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS done(position INTEGER PRIMARY KEY, fingerprint INTEGER NOT NULL, "
                    + "seq INTEGER NOT NULL, status INTEGER, error TEXT, elapsed_ms REAL, attempts INTEGER, last_error TEXT, "
                    + "finished_ms INTEGER)");
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        db.setAutoCommit(false);
        Journal j = new Journal(db);
        String schema = j.value("schema");
        if (schema == null) {
            j.put("schema", Integer.toString(SCHEMA));
            j.commit();
        } else if (!schema.equals(Integer.toString(SCHEMA))) {
            j.close();
            throw new SQLException("job file schema " + schema + " is not " + SCHEMA + " (made by another fanout version)");
        }
        return j;
    }

    /** A setting, or null. */
    public String value(String key) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM job WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** Sets a setting; part of the next commit. */
    public void put(String key, String value) throws SQLException {
        setValue.setString(1, key);
        setValue.setString(2, value);
        setValue.executeUpdate();
    }

    /** Adds a finished input; part of the next commit. */
    public void add(Row row) throws SQLException {
        insert.setLong(1, row.position());
        insert.setLong(2, row.fingerprint());
        insert.setLong(3, row.seq());
        insert.setInt(4, row.status());
        insert.setString(5, row.error());
        insert.setDouble(6, row.elapsedMs());
        insert.setInt(7, row.attempts());
        insert.setString(8, row.lastError());
        insert.setLong(9, row.finishedMs());
        insert.addBatch();
        pending++;
    }

    public void commit() throws SQLException {
        if (pending > 0) {
            insert.executeBatch();
            pending = 0;
        }
        db.commit();
    }

    /** Every finished input, in the order of its record in the output. */
    public void forEachDone(Consumer<Row> each) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT position, fingerprint, seq, status, error, elapsed_ms, attempts, last_error, "
                     + "finished_ms FROM done ORDER BY seq")) {
            while (r.next()) {
                each.accept(new Row(r.getLong(1), r.getLong(2), r.getLong(3), r.getInt(4), r.getString(5), r.getDouble(6),
                        r.getInt(7), r.getString(8), r.getLong(9)));
            }
        }
    }

    /** Forgets finished inputs (they will run again); part of the next commit. */
    public void forget(long[] positions) throws SQLException {
        try (PreparedStatement d = db.prepareStatement("DELETE FROM done WHERE position = ?")) {
            for (long p : positions) {
                d.setLong(1, p);
                d.addBatch();
            }
            d.executeBatch();
        }
    }

    /** Moves a record to another place in the output; part of the next commit. */
    public void renumber(long[] positions, long[] seqs) throws SQLException {
        try (PreparedStatement u = db.prepareStatement("UPDATE done SET seq = ? WHERE position = ?")) {
            for (int i = 0; i < positions.length; i++) {
                u.setLong(1, seqs[i]);
                u.setLong(2, positions[i]);
                u.addBatch();
            }
            u.executeBatch();
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            db.rollback();
        } finally {
            db.close();
        }
    }
}
