package dev.fanout.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fanout.Outcome;
import dev.fanout.extract.Extraction;
import dev.fanout.extract.Values;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Records as rows of a {@code results} table in a SQLite file: one row per record keyed by {@code idx} (the
 * input's position) — with {@code --each}, by {@code idx} and {@code item} (the item's index within its
 * response, null for a response without items) —, a column per template parameter and per extracted field (numbers stored as numbers, lists
 * and objects as JSON text), then the fixed columns. Writing a record for an index that has one replaces it, so
 * an input run again after a crash has one row. A name that clashes with a fixed column gets {@code param_} or
 * {@code field_} in front. Rows are committed on {@link #flush()} (in batches) and on close.
 *
 * <p>A table left by an earlier run is dropped (a plain run overwrites its output, as files are), unless
 * {@code keep} says which of its rows stay: a {@code --job} run keeps the rows of its done records and deletes
 * the others (written before a crash but never committed, or failed and run again).
 */
public final class SqliteSink implements RecordSink {
    private static final List<String> FIXED = List.of("idx", "url", "status", "error", "elapsed_ms", "bytes", "message", "attempts",
            "last_error", "redirects", "final_url", "finished_ms", "proxy", "extract_error", "depth", "parent", "saved", "body", "item");
    private static final JsonFactory JSON = new JsonFactory();

    private final Connection db;
    private final PreparedStatement insert;
    private final RecordShape shape;
    private int batched;

    public SqliteSink(Path file, RecordShape shape, LongPredicate keep) throws IOException {
        this.shape = shape;
        try {
            this.db = DriverManager.getConnection("jdbc:sqlite:" + file);
            List<String> columns = columns(shape);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                if (keep == null) {
                    s.execute("DROP TABLE IF EXISTS results");
                }
                s.execute("CREATE TABLE IF NOT EXISTS results (" + String.join(", ", definitions(columns, shape.items())) + ")");
                if (shape.items()) {
                    // several rows per input: (idx, item) is the key, and keeping or deleting goes by idx
                    s.execute("CREATE UNIQUE INDEX IF NOT EXISTS results_idx_item ON results (idx, item)");
                }
            }
            db.setAutoCommit(false);
            if (keep != null) {
                deleteRowsNotKept(keep);
            }
            this.insert = db.prepareStatement("INSERT OR REPLACE INTO results (" + String.join(", ", columns.stream().map(SqliteSink::quote).toList())
                    + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)");
        } catch (SQLException e) {
            throw new IOException("cannot write the SQLite file " + file + ": " + e.getMessage(), e);
        }
    }

    private void deleteRowsNotKept(LongPredicate keep) throws SQLException {
        List<Long> gone = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT idx FROM results")) {
            while (r.next()) {
                if (!keep.test(r.getLong(1))) {
                    gone.add(r.getLong(1));
                }
            }
        }
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM results WHERE idx = ?")) {
            for (long idx : gone) {
                delete.setLong(1, idx);
                delete.addBatch();
            }
            delete.executeBatch();
        }
        db.commit();
    }

    /** Column names in insert order. */
    private static List<String> columns(RecordShape shape) {
        Set<String> taken = new HashSet<>(FIXED);
        List<String> c = new ArrayList<>(List.of("idx", "url"));
        for (String p : shape.paramNames()) {
            c.add(unique(p, "param_", taken));
        }
        if (shape.items()) {
            c.add("item");
        }
        for (String f : shape.fieldNames()) {
            c.add(unique(f, "field_", taken));
        }
        c.addAll(List.of("status", "error", "message", "elapsed_ms", "bytes", "attempts", "last_error", "redirects", "final_url", "finished_ms"));
        if (shape.proxy()) {
            c.add("proxy");
        }
        if (shape.extraction()) {
            c.add("extract_error");
        }
        if (shape.crawl()) {
            c.add("depth");
            c.add("parent");
        }
        if (shape.saved()) {
            c.add("saved");
        }
        if (shape.body()) {
            c.add("body");
        }
        return c;
    }

    private static String unique(String name, String prefix, Set<String> taken) {
        String n = taken.contains(name.toLowerCase()) ? prefix + name : name;
        while (!taken.add(n.toLowerCase())) {
            n = prefix + n;
        }
        return n;
    }

    private static List<String> definitions(List<String> columns, boolean items) {
        List<String> d = new ArrayList<>();
        for (String c : columns) {
            d.add(quote(c) + switch (c) {
                case "idx" -> items ? " INTEGER NOT NULL" : " INTEGER PRIMARY KEY";
                case "item" -> " INTEGER";
                case "status", "bytes", "attempts", "redirects", "depth", "finished_ms" -> " INTEGER";
                case "elapsed_ms" -> " REAL";
                case "body" -> " BLOB";
                default -> ""; // parameters and fields keep whatever type their values have
            });
        }
        return d;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void write(Outcome o, Extraction extraction, String savedFile) throws IOException {
        try {
            int i = 1;
            insert.setLong(i++, o.index());
            insert.setString(i++, shape.redaction().url(o.request().url()));
            for (String p : shape.paramNames()) {
                insert.setString(i++, shape.redaction().param(o.request().params().get(p)));
            }
            if (shape.items()) {
                Integer item = extraction == null ? null : extraction.item();
                if (item == null) {
                    insert.setNull(i++, Types.INTEGER);
                } else {
                    insert.setInt(i++, item);
                }
            }
            for (String f : shape.fieldNames()) {
                bindValue(i++, extraction == null ? null : extraction.fields().get(f));
            }
            if (o.hasResponse()) {
                insert.setInt(i++, o.status());
                insert.setNull(i++, Types.VARCHAR);
                insert.setNull(i++, Types.VARCHAR);
            } else {
                insert.setNull(i++, Types.INTEGER);
                insert.setString(i++, o.failure().kind().wireName());
                insert.setString(i++, shape.redaction().text(o.failure().message(), o.request().url()));
            }
            insert.setDouble(i++, (o.elapsedNanos() / 1000) / 1000.0);
            insert.setLong(i++, o.bytes());
            insert.setInt(i++, o.attempts());
            insert.setString(i++, shape.redaction().text(o.lastError(), o.request().url()));
            insert.setInt(i++, o.redirects());
            insert.setString(i++, o.finalUrl() == null ? null : shape.redaction().url(o.finalUrl()));
            insert.setLong(i++, System.currentTimeMillis());
            if (shape.proxy()) {
                insert.setString(i++, o.proxy() == null ? null : o.proxy().redacted());
            }
            if (shape.extraction()) {
                insert.setString(i++, extraction == null ? null : extraction.error());
            }
            if (shape.crawl()) {
                insert.setInt(i++, o.request().depth());
                insert.setString(i++, o.request().parent() == null ? null : shape.redaction().url(o.request().parent()));
            }
            if (shape.saved()) {
                insert.setString(i++, savedFile);
            }
            if (shape.body()) {
                String text = BodyText.utf8OrNull(o.body());
                if (text != null) {
                    insert.setString(i, text);
                } else {
                    insert.setBytes(i, o.body());
                }
            }
            insert.addBatch();
            if (++batched >= 1024) {
                insert.executeBatch();
                batched = 0;
            }
        } catch (SQLException e) {
            throw new IOException("cannot write to the SQLite file: " + e.getMessage(), e);
        }
    }

    private void bindValue(int i, Object v) throws SQLException, IOException {
        if (v == null) {
            insert.setNull(i, Types.NULL);
        } else if (v instanceof BigDecimal d) {
            if (d.scale() <= 0 && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 && d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
                insert.setLong(i, d.longValueExact());
            } else {
                insert.setDouble(i, d.doubleValue());
            }
        } else if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            insert.setLong(i, ((Number) v).longValue());
        } else if (v instanceof Number n) {
            insert.setDouble(i, n.doubleValue());
        } else if (v instanceof Boolean b) {
            insert.setInt(i, b ? 1 : 0);
        } else if (v instanceof String s) {
            insert.setString(i, s);
        } else {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w)) {
                Values.write(g, v);
            }
            insert.setString(i, w.toString());
        }
    }

    /** Commits the rows written so far. */
    @Override
    public void flush() throws IOException {
        try {
            if (batched > 0) {
                insert.executeBatch();
                batched = 0;
            }
            db.commit();
        } catch (SQLException e) {
            throw new IOException("cannot commit to the SQLite file: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            try {
                db.close();
            } catch (SQLException e) {
                throw new IOException("cannot close the SQLite file: " + e.getMessage(), e);
            }
        }
    }
}
