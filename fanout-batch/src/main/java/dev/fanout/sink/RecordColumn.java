package dev.fanout.sink;

import dev.fanout.Outcome;
import dev.fanout.Redaction;
import dev.fanout.extract.Extraction;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The columns of a record — the one description that every writer and reader of records uses: the CSV and TSV
 * header, the JSON lines keys, the SQLite table, the Spark result schema, {@code fanout report} and the names
 * an extracted field may not take. Each column has its name, its type, whether a {@link RecordShape} must ask
 * for it, and {@linkplain #write how its value is read from an outcome}, masked by the run's {@link Redaction}.
 *
 * <p>The declaration order is the order of the columns in CSV, TSV and Spark rows; JSON lines and SQLite keep
 * two placements of their own that files written before had (see {@code RecordLayout}). Adding a column is
 * adding a constant here, with its case in {@link #write}: every format then has it.
 */
public enum RecordColumn {
    /** The URL as requested. */
    URL("url", Type.TEXT, false),
    /**
     * The template values (a table's columns first): a column per {@linkplain RecordShape#paramNames name}
     * ({@link #param}); JSON lines: an object of every value the request has.
     */
    PARAMS("params", Type.TEXT, false),
    /** With {@code --each}: the item's index within its response, none for a response without items. */
    ITEM("item", Type.INT, true),
    /**
     * The extracted fields: a column per {@linkplain RecordShape#fieldNames name} ({@link #field}), numbers as
     * numbers where the format has them, lists and objects as JSON; JSON lines: an object. Present when the
     * shape names fields.
     */
    FIELDS("fields", Type.VALUE, false),
    /** The HTTP status; none when there was no response. */
    STATUS("status", Type.INT, false),
    /** Why there was no response ({@link dev.fanout.FailureKind#wireName()}); none when there was one. */
    ERROR("error", Type.TEXT, false),
    /** The last attempt's time, start to end, in milliseconds to the microsecond. */
    ELAPSED_MS("elapsed_ms", Type.REAL, false),
    /** Body bytes received. */
    BYTES("bytes", Type.LONG, false),
    /** What happened, in one line, when there was no response. */
    MESSAGE("message", Type.TEXT, false),
    /** Times the request was sent. */
    ATTEMPTS("attempts", Type.INT, false),
    /** Why it was sent again; none after one send. */
    LAST_ERROR("last_error", Type.TEXT, false),
    /** Redirects followed. */
    REDIRECTS("redirects", Type.INT, false),
    /** The URL that answered after redirects; none when none was followed. */
    FINAL_URL("final_url", Type.TEXT, false),
    /** When the record was written (Unix time, ms). */
    FINISHED_MS("finished_ms", Type.LONG, false),
    /** The input's position; SQLite's key, named {@code idx} there. */
    INDEX("index", Type.LONG, false),
    /** The proxy the last attempt went through (credentials masked); none when it went direct. */
    PROXY("proxy", Type.TEXT, true),
    /** Why a field or follow could not be read from the body; none when all could. */
    EXTRACT_ERROR("extract_error", Type.TEXT, true),
    /** In a crawl: links followed from an input (0 for an input). */
    DEPTH("depth", Type.INT, true),
    /** In a crawl: the URL the request was found in; none for an input. */
    PARENT("parent", Type.TEXT, true),
    /** With {@code --save-dir}: the file the body was saved to. */
    SAVED("saved", Type.TEXT, true),
    /** The body: text when it is UTF-8; otherwise {@code base64:…}, or in JSON lines {@code body_base64}. */
    BODY("body", Type.BODY, true);

    /** What a column's values are, which each format stores its own way. */
    public enum Type {
        /** A string. */
        TEXT,
        /** A 32-bit integer. */
        INT,
        /** A 64-bit integer. */
        LONG,
        /** A floating-point number. */
        REAL,
        /** The response body: bytes, written as text when they are UTF-8. */
        BODY,
        /** An extracted value: any JSON value. */
        VALUE
    }

    /**
     * Where a record's values go, column by column and typed so that none is boxed on the way: a CSV line, a JSON
     * object, an SQL insert's parameters, a Spark row. {@link RecordColumn#write} calls {@link #column} and then
     * exactly one value method for each column. Used by one writer on one thread.
     */
    public abstract static class Cells {
        // a class whose methods each have one implementation in a run (one format is written): the JIT then
        // inlines the calls, where calls on an interface would stay calls
        protected Cells() {
        }

        /** The next value is {@code column}'s (a JSON writer names it). */
        public abstract void column(RecordColumn column) throws IOException;

        /** A {@link Type#TEXT} value; null when there is none. */
        public abstract void text(String value) throws IOException;

        /** An {@link Type#INT} value. */
        public abstract void number(int value) throws IOException;

        /** A {@link Type#LONG} value. */
        public abstract void number(long value) throws IOException;

        /** A {@link Type#REAL} value. */
        public abstract void number(double value) throws IOException;

        /**
         * A {@link Type#REAL} value that is a whole number of thousandths ({@code thousandths / 1000}), written as
         * {@link #number(double)} writes it; by default through it.
         */
        public void thousandths(long thousandths) throws IOException {
            number(thousandths / 1000.0);
        }

        /** A number column with no value (no status without a response, no item). */
        public abstract void missing() throws IOException;

        /** The {@link Type#BODY}: as text when it is UTF-8, as {@code base64:…} otherwise (what CSV writes). */
        public void body(byte[] body) throws IOException {
            text(BodyText.textOrBase64(body));
        }

        /** The {@link #PARAMS} of the record of {@code o}: by default a text value per name of the shape. */
        public void params(Outcome o, RecordShape shape) throws IOException {
            for (String name : shape.paramNames()) {
                text(param(o, name, shape.redaction()));
            }
        }

        /**
         * The {@link #FIELDS} of a record of {@code x} (null: nothing extracted): a value per name of the shape,
         * each {@link RecordColumn#field}.
         */
        public abstract void fields(Extraction x, RecordShape shape) throws IOException;
    }

    private static final Map<String, RecordColumn> BY_NAME = new HashMap<>();

    static {
        for (RecordColumn c : values()) {
            BY_NAME.put(c.wireName, c);
        }
    }

    private final String wireName;
    private final Type type;
    private final boolean optional;

    RecordColumn(String wireName, Type type, boolean optional) {
        this.wireName = wireName;
        this.type = type;
        this.optional = optional;
    }

    /** The column's name in every format ({@link #INDEX} is {@code idx} in SQLite); for a group, its JSON key. */
    public String wireName() {
        return wireName;
    }

    public Type type() {
        return type;
    }

    /** Whether records have this column only when their {@link RecordShape} includes it. */
    public boolean optional() {
        return optional;
    }

    /** Whether this is {@link #PARAMS} or {@link #FIELDS}: a column per name ({@link #param}, {@link #field}). */
    public boolean perName() {
        return this == PARAMS || this == FIELDS;
    }

    /** The column named {@code wireName}, or null. */
    public static RecordColumn named(String wireName) {
        return BY_NAME.get(wireName);
    }

    /** Every column's name: what an extracted field may not be called. */
    public static Set<String> wireNames() {
        return Set.copyOf(BY_NAME.keySet());
    }

    /**
     * Writes the record of {@code o} to {@code out}: for each of {@code columns} in turn, its value. One loop per
     * record, with no call per column but those on {@code out}.
     *
     * @param columns the record's columns in the format's order (from {@code shape})
     * @param shape   the records' parameter and field names, and what is masked in URLs and messages
     * @param x       what was extracted for the record, or null when nothing was
     * @param saved   the file the body was saved to, or null
     */
    public static void write(RecordColumn[] columns, RecordShape shape, Outcome o, Extraction x, String saved, Cells out)
            throws IOException {
        Redaction r = shape.redaction();
        for (RecordColumn c : columns) {
            out.column(c);
            switch (c) {
                case URL -> out.text(r.url(o.request().url()));
                case PARAMS -> out.params(o, shape);
                case ITEM -> {
                    Integer item = x == null ? null : x.item();
                    if (item == null) {
                        out.missing();
                    } else {
                        out.number(item.intValue());
                    }
                }
                case FIELDS -> out.fields(x, shape);
                case STATUS -> {
                    if (o.hasResponse()) {
                        out.number(o.status());
                    } else {
                        out.missing();
                    }
                }
                case ERROR -> out.text(o.hasResponse() ? null : o.failure().kind().wireName());
                case ELAPSED_MS -> out.thousandths(o.elapsedNanos() / 1000);
                case BYTES -> out.number(o.bytes());
                case MESSAGE -> out.text(o.hasResponse() ? null : r.text(o.failure().message(), o.request().url()));
                case ATTEMPTS -> out.number(o.attempts());
                case LAST_ERROR -> out.text(r.text(o.lastError(), o.request().url()));
                case REDIRECTS -> out.number(o.redirects());
                case FINAL_URL -> out.text(r.url(o.finalUrl()));
                case FINISHED_MS -> out.number(System.currentTimeMillis());
                case INDEX -> out.number(o.index());
                case PROXY -> out.text(o.proxy() == null ? null : o.proxy().redacted());
                case EXTRACT_ERROR -> out.text(x == null ? null : x.error());
                case DEPTH -> out.number(o.request().depth());
                case PARENT -> out.text(r.url(o.request().parent()));
                case SAVED -> out.text(saved);
                case BODY -> out.body(o.body());
            }
        }
    }

    /** The {@link #PARAMS} value named {@code name} in the record of {@code o}, or null when it has none. */
    public static String param(Outcome o, String name, Redaction r) {
        return param(o.request().params().get(name), r);
    }

    /** A {@link #PARAMS} value as records carry it: {@code value} masked as {@link Redaction#param} says. */
    public static String param(String value, Redaction r) {
        return r.param(value);
    }

    /** The {@link #FIELDS} value named {@code name} in a record of {@code x} (null: nothing extracted). */
    public static Object field(Extraction x, String name) {
        return x == null ? null : x.fields().get(name);
    }
}
