package dev.fanout.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fanout.sink.RecordColumn;
import org.sqlite.SQLiteConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.fanout.sink.RecordColumn.ATTEMPTS;
import static dev.fanout.sink.RecordColumn.ELAPSED_MS;
import static dev.fanout.sink.RecordColumn.ERROR;
import static dev.fanout.sink.RecordColumn.FINISHED_MS;
import static dev.fanout.sink.RecordColumn.ITEM;
import static dev.fanout.sink.RecordColumn.LAST_ERROR;
import static dev.fanout.sink.RecordColumn.PROXY;
import static dev.fanout.sink.RecordColumn.REDIRECTS;
import static dev.fanout.sink.RecordColumn.STATUS;
import static dev.fanout.sink.RecordColumn.URL;

/**
 * Reads the records a report is about from a job file ({@code --job}), or from an output file: JSON lines,
 * CSV or SQLite ({@code -o}), told apart by their content. A line that is not a record is counted and
 * skipped; a file that is none of these is an {@link IOException} saying what it is not.
 */
public final class ReportReader {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = new JsonFactory();

    /** What kind of file was read, e.g. "job file" or "CSV output". */
    public record Read(String kind, String description, ReportData data) {
    }

    private ReportReader() {
    }

    public static Read read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        byte[] head = new byte[SQLITE_MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n == head.length && Arrays.equals(head, SQLITE_MAGIC)) {
            return readSqlite(file);
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.mark(1 << 16);
            int c;
            do {
                c = r.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF');
            r.reset();
            if (c < 0) {
                return new Read("empty file", null, new ReportData());
            }
            if (c == '{') {
                return new Read("JSON lines output", null, readJsonLines(r));
            }
            String url = RecordColumn.URL.wireName(); // the first column of CSV and TSV outputs
            if (c == url.charAt(0)) {
                char[] start = new char[url.length() + 1];
                int got = r.read(start);
                r.reset();
                boolean tsv = got == start.length && new String(start).equals(url + "\t");
                return new Read(tsv ? "TSV output" : "CSV output", null, CsvRecords.read(r, tsv ? '\t' : ','));
            }
        }
        throw new IOException(file + ": not a fanout job file or output (JSON lines, CSV or SQLite)");
    }

    private static Read readSqlite(Path file) throws IOException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file, readOnly())) {
            Set<String> tables = tables(db);
            if (tables.contains("done") && tables.contains("job")) {
                ReportData data = new ReportData();
                rows(db, "done", data);
                return new Read("job file", setting(db, "settings"), data);
            }
            if (tables.contains("results")) {
                ReportData data = new ReportData();
                rows(db, "results", data);
                return new Read("SQLite output", null, data);
            }
            throw new IOException(file + ": a SQLite file with neither a job's tables nor a results table");
        } catch (SQLException e) {
            throw new IOException(file + ": cannot read it as SQLite (" + e.getMessage() + ")", e);
        }
    }

    private static java.util.Properties readOnly() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true); // a report never changes the job it reads, which may be running
        return config.toProperties();
    }

    private static Set<String> tables(Connection db) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet r = db.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (r.next()) {
                names.add(r.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static String setting(Connection db, String key) throws SQLException {
        try (var q = db.prepareStatement("SELECT value FROM job WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /**
     * The columns a report reads, of a results table or of a job's {@code done} table (which has them under the
     * same names); those a table lacks (a file from an older fanout) read as absent.
     */
    private static void rows(Connection db, String table, ReportData data) throws SQLException {
        Set<String> columns = new HashSet<>();
        DatabaseMetaData meta = db.getMetaData();
        try (ResultSet r = meta.getColumns(null, null, table, "%")) {
            while (r.next()) {
                columns.add(r.getString("COLUMN_NAME"));
            }
        }
        List<String> select = new ArrayList<>();
        for (RecordColumn c : List.of(STATUS, ERROR, ELAPSED_MS, ATTEMPTS, REDIRECTS, LAST_ERROR, FINISHED_MS, PROXY)) {
            select.add(columns.contains(c.wireName()) ? c.wireName() : "NULL");
        }
        // with --each a request has a row per item: its first (item 0, or none) stands for the request
        String item = ITEM.wireName();
        String requests = columns.contains(item) ? " WHERE " + item + " IS NULL OR " + item + " = 0" : "";
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT " + String.join(", ", select) + " FROM " + table + requests)) {
            while (r.next()) {
                int status = r.getInt(1);
                Integer st = r.wasNull() || status == 0 ? null : status;
                double elapsed = r.getDouble(3);
                if (r.wasNull()) {
                    elapsed = -1;
                }
                data.add(st, r.getString(2), elapsed, Math.max(1, r.getInt(4)), r.getInt(5), r.getString(6), r.getLong(7));
                if (columns.contains(PROXY.wireName())) {
                    data.proxy(r.getString(8), st != null);
                }
            }
        }
    }

    private static ReportData readJsonLines(BufferedReader r) throws IOException {
        ReportData data = new ReportData();
        String line;
        long number = 0;
        while ((line = r.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                jsonRecord(line, data);
            } catch (IOException | RuntimeException e) {
                data.unreadable("line " + number + ": " + firstLine(e.getMessage()));
            }
        }
        return data;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not a record";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void jsonRecord(String line, ReportData data) throws IOException {
        Integer status = null;
        String error = null;
        String lastError = null;
        double elapsed = -1;
        int attempts = 1;
        int redirects = 0;
        long finished = 0;
        boolean url = false;
        boolean hasProxy = false;
        String proxy = null;
        long item = 0;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                RecordColumn column = RecordColumn.named(p.currentName());
                JsonToken t = p.nextToken();
                if (column == null) {
                    p.skipChildren();
                    continue;
                }
                switch (column) {
                    case URL -> url = true;
                    case STATUS -> status = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    case ERROR -> error = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case LAST_ERROR -> lastError = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case ELAPSED_MS -> elapsed = t.isNumeric() ? p.getDoubleValue() : -1;
                    case ATTEMPTS -> attempts = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 1;
                    case REDIRECTS -> redirects = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                    case FINISHED_MS -> finished = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    case PROXY -> {
                        hasProxy = true;
                        proxy = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    }
                    case ITEM -> item = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    default -> p.skipChildren();
                }
            }
        }
        if (!url) {
            throw new IOException("not a fanout record (no \"" + URL.wireName() + "\")");
        }
        if (item > 0) {
            return; // with --each a request has a record per item: its first stands for the request
        }
        data.add(status, error, elapsed, attempts, redirects, lastError, finished);
        if (hasProxy) {
            data.proxy(proxy, status != null);
        }
    }
}
