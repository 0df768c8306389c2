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
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The SQL of a job file: one SQLite database in WAL mode with a {@code job} table (settings, where the
 * output stood at the last commit), a {@code done} table (one row per finished request: its position, its place
 * among the inputs, its fingerprint, where its record sits in the output, and what happened, for reports) and,
 * for a crawl, a {@code found} table (each request the crawl found: enough to send it again, header values
 * only as digests). Not thread-safe: one writer.
 *
 * <p>A commit is atomic: after a crash the file holds exactly the rows of the last commit. synchronous=NORMAL
 * in WAL mode loses nothing when the process dies (the kernel has the WAL); only a power cut may lose the last
 * commits, which are then run again.
 */
public final class Journal implements AutoCloseable {
    /** The {@code input} of a {@link Row} for a request a crawl found (it has no place in the input sequence). */
    public static final long FOUND = -1;

    /**
     * One finished request as recorded: {@code position} is its record's index, {@code input} its place in the
     * input sequence ({@link #FOUND} for a request a crawl found).
     */
    public record Row(long position, long input, long fingerprint, long seq, int status, String error, double elapsedMs,
                      int attempts, int redirects, String lastError, long finishedMs) {
    }

    /**
     * A request a crawl found, as kept: its headers as {@code name:digest} lines (values are never kept), its
     * params as alternating names and values.
     */
    public record Found(long id, long fingerprint, String method, String url, String headers, byte[] body, List<String> params,
                        int depth, String parent) {
    }

    private static final int SCHEMA = 2;

    private final Connection db;
    private final PreparedStatement insert;
    private final PreparedStatement setValue;
    private final PreparedStatement insertFound;
    private int pending;
    private int pendingFound;

    private Journal(Connection db) throws SQLException {
        this.db = db;
        this.insert = db.prepareStatement("INSERT OR REPLACE INTO done(position, input, fingerprint, seq, status, error, elapsed_ms, "
                + "attempts, redirects, last_error, finished_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        this.insertFound = db.prepareStatement("INSERT OR REPLACE INTO found(id, fingerprint, method, url, headers, body, params, "
                + "depth, parent) VALUES (?,?,?,?,?,?,?,?,?)");
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
            s.execute("CREATE TABLE IF NOT EXISTS done(position INTEGER PRIMARY KEY, input INTEGER, fingerprint INTEGER NOT NULL, "
                    + "seq INTEGER NOT NULL, status INTEGER, error TEXT, elapsed_ms REAL, attempts INTEGER, redirects INTEGER, "
                    + "last_error TEXT, finished_ms INTEGER)");
            s.execute("CREATE TABLE IF NOT EXISTS found(id INTEGER PRIMARY KEY, fingerprint INTEGER NOT NULL, method TEXT NOT NULL, "
                    + "url TEXT NOT NULL, headers TEXT NOT NULL, body BLOB, params TEXT NOT NULL, depth INTEGER NOT NULL, parent TEXT)");
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
        if (row.input() == FOUND) {
            insert.setNull(2, Types.INTEGER);
        } else {
            insert.setLong(2, row.input());
        }
        insert.setLong(3, row.fingerprint());
        insert.setLong(4, row.seq());
        insert.setInt(5, row.status());
        insert.setString(6, row.error());
        insert.setDouble(7, row.elapsedMs());
        insert.setInt(8, row.attempts());
        insert.setInt(9, row.redirects());
        insert.setString(10, row.lastError());
        insert.setLong(11, row.finishedMs());
        insert.addBatch();
        pending++;
    }

    /** Adds a request a crawl found; part of the next commit. */
    public void addFound(Found f) throws SQLException {
        insertFound.setLong(1, f.id());
        insertFound.setLong(2, f.fingerprint());
        insertFound.setString(3, f.method());
        insertFound.setString(4, f.url());
        insertFound.setString(5, f.headers());
        insertFound.setBytes(6, f.body().length == 0 ? null : f.body());
        insertFound.setString(7, joinStrings(f.params()));
        insertFound.setInt(8, f.depth());
        insertFound.setString(9, f.parent());
        insertFound.addBatch();
        pendingFound++;
    }

    public void commit() throws SQLException {
        if (pendingFound > 0) {
            insertFound.executeBatch();
            pendingFound = 0;
        }
        if (pending > 0) {
            insert.executeBatch();
            pending = 0;
        }
        db.commit();
    }

    /** Every finished input, in the order of its record in the output. */
    public void forEachDone(Consumer<Row> each) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT position, input, fingerprint, seq, status, error, elapsed_ms, attempts, redirects, "
                     + "last_error, finished_ms FROM done ORDER BY seq")) {
            while (r.next()) {
                long input = r.getLong(2);
                if (r.wasNull()) {
                    input = FOUND;
                }
                each.accept(new Row(r.getLong(1), input, r.getLong(3), r.getLong(4), r.getInt(5), r.getString(6), r.getDouble(7),
                        r.getInt(8), r.getInt(9), r.getString(10), r.getLong(11)));
            }
        }
    }

    /** Every request a crawl found, in the order found. */
    public void forEachFound(Consumer<Found> each) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT id, fingerprint, method, url, headers, body, params, depth, parent FROM found ORDER BY id")) {
            while (r.next()) {
                byte[] body = r.getBytes(6);
                String params = r.getString(7);
                each.accept(new Found(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                        body == null ? new byte[0] : body, splitStrings(params),
                        r.getInt(8), r.getString(9)));
            }
        }
    }

    /** Strings as {@code length:text} one after another: any text, NUL and separators included, comes back as it was. */
    static String joinStrings(List<String> strings) {
        StringBuilder sb = new StringBuilder();
        for (String v : strings) {
            sb.append(v.length()).append(':').append(v);
        }
        return sb.toString();
    }

    static List<String> splitStrings(String joined) {
        List<String> strings = new ArrayList<>();
        int i = 0;
        while (i < joined.length()) {
            int colon = joined.indexOf(':', i);
            int end = colon + 1 + Integer.parseInt(joined, i, colon, 10);
            strings.add(joined.substring(colon + 1, end));
            i = end;
        }
        return strings;
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
