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
 * and objects as JSON text), then the other {@link RecordColumn}s of the {@link RecordShape}. Writing a record for an index that has one replaces it, so
 * an input run again after a crash has one row. A name that clashes with a fixed column gets {@code param_} or
 * {@code field_} in front. Rows are committed on {@link #flush()} (in batches) and on close.
 *
 * <p>A table left by an earlier run is dropped (a plain run overwrites its output, as files are), unless
 * {@code keep} says which of its rows stay: a {@code --job} run keeps the rows of its done records and deletes
 * the others (written before a crash but never committed, or failed and run again).
 */
public final class SqliteSink implements RecordSink {
    private static final JsonFactory JSON = new JsonFactory();

    private final Connection db;
    private final PreparedStatement insert;
    private final RecordShape shape;
    private final RecordColumn[] columns;
    private final Cells cells = new Cells();
    private int batched;

    public SqliteSink(Path file, RecordShape shape, LongPredicate keep) throws IOException {
        this.shape = shape;
        this.columns = RecordLayout.SQLITE.columns(shape);
        try {
            this.db = DriverManager.getConnection("jdbc:sqlite:" + file);
            List<String> names = new ArrayList<>();
            List<String> definitions = new ArrayList<>();
            define(shape, columns, names, definitions);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                if (keep == null) {
                    s.execute("DROP TABLE IF EXISTS results");
                }
                s.execute("CREATE TABLE IF NOT EXISTS results (" + String.join(", ", definitions) + ")");
                if (shape.has(RecordColumn.ITEM)) {
                    // several rows per input: (idx, item) is the key, and keeping or deleting goes by idx
                    s.execute("CREATE UNIQUE INDEX IF NOT EXISTS results_idx_item ON results (idx, item)");
                }
            }
            db.setAutoCommit(false);
            if (keep != null) {
                deleteRowsNotKept(keep);
            }
            this.insert = db.prepareStatement("INSERT OR REPLACE INTO results (" + String.join(", ", names.stream().map(SqliteSink::quote).toList())
                    + ") VALUES (" + "?, ".repeat(names.size() - 1) + "?)");
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

    /** The table's column names, in insert order, and their definitions. */
    private static void define(RecordShape shape, RecordColumn[] columns, List<String> names, List<String> definitions) {
        Set<String> taken = new HashSet<>();
        for (RecordColumn c : RecordColumn.values()) {
            if (!c.perName()) {
                taken.add(RecordLayout.SQLITE.name(c));
            }
        }
        for (RecordColumn c : columns) {
            switch (c) {
                // parameters and fields keep whatever type their values have
                case PARAMS -> {
                    for (String p : shape.paramNames()) {
                        names.add(unique(p, "param_", taken));
                        definitions.add(quote(names.getLast()));
                    }
                }
                case FIELDS -> {
                    for (String f : shape.fieldNames()) {
                        names.add(unique(f, "field_", taken));
                        definitions.add(quote(names.getLast()));
                    }
                }
                default -> {
                    names.add(RecordLayout.SQLITE.name(c));
                    definitions.add(quote(names.getLast()) + type(c, shape));
                }
            }
        }
    }

    private static String unique(String name, String prefix, Set<String> taken) {
        String n = taken.contains(name.toLowerCase()) ? prefix + name : name;
        while (!taken.add(n.toLowerCase())) {
            n = prefix + n;
        }
        return n;
    }

    private static String type(RecordColumn c, RecordShape shape) {
        if (c == RecordColumn.INDEX) {
            return shape.has(RecordColumn.ITEM) ? " INTEGER NOT NULL" : " INTEGER PRIMARY KEY";
        }
        return switch (c.type()) {
            case INT, LONG -> " INTEGER";
            case REAL -> " REAL";
            case BODY -> " BLOB";
            case TEXT, VALUE -> "";
        };
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void write(Outcome o, Extraction extraction, String savedFile) throws IOException {
        try {
            cells.at = 1;
            RecordColumn.write(columns, shape, o, extraction, savedFile, cells);
            insert.addBatch();
            if (++batched >= 1024) {
                insert.executeBatch();
                batched = 0;
            }
        } catch (SQLException e) {
            throw writeFailed(e);
        }
    }

    private static IOException writeFailed(SQLException e) {
        return new IOException("cannot write to the SQLite file: " + e.getMessage(), e);
    }

    /** A column's value bound to the next parameter of the insert: none is NULL. */
    private final class Cells extends RecordColumn.Cells {
        private int at;

        @Override
        public void column(RecordColumn column) {
            // cells follow each other: no names
        }

        @Override
        public void fields(Extraction x, RecordShape shape) throws IOException {
            try {
                for (String f : shape.fieldNames()) {
                    bindValue(at++, RecordColumn.field(x, f));
                }
            } catch (SQLException e) {
                throw writeFailed(e);
            }
        }

        @Override
        public void text(String value) throws IOException {
            try {
                insert.setString(at++, value);
            } catch (SQLException e) {
                throw writeFailed(e);
            }
        }

        @Override
        public void number(int value) throws IOException {
            try {
                insert.setInt(at++, value);
            } catch (SQLException e) {
                throw writeFailed(e);
            }
        }

        @Override
        public void number(long value) throws IOException {
            try {
                insert.setLong(at++, value);
            } catch (SQLException e) {
                throw writeFailed(e);
            }
        }

        @Override
        public void number(double value) throws IOException {
            try {
                insert.setDouble(at++, value);
            } catch (SQLException e) {
                throw writeFailed(e);
            }
        }

        @Override
        public void missing() throws IOException {
            try {
                insert.setNull(at++, Types.NULL);
            } catch (SQLException e) {
                throw writeFailed(e);
            }
        }

        @Override
        public void body(byte[] body) throws IOException {
            String text = BodyText.utf8OrNull(body);
            try {
                if (text != null) {
                    insert.setString(at++, text);
                } else {
                    insert.setBytes(at++, body);
                }
            } catch (SQLException e) {
                throw writeFailed(e);
            }
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
