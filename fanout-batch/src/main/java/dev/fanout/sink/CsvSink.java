package dev.fanout.sink;

import dev.fanout.Outcome;
import dev.fanout.extract.Extraction;
import dev.fanout.extract.Values;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * RFC 4180 CSV with a header row: {@code url}, one column per template parameter, {@code item} with
 * {@code --each} (the item's index within its response), one per extracted field,
 * then {@code status}, {@code error}, {@code elapsed_ms}, {@code bytes}, {@code message}, {@code attempts},
 * {@code last_error}, {@code redirects}, {@code final_url}, {@code finished_ms} (Unix time in ms the record was written), {@code index} (the input's position, to join
 * records written as they complete back to the input); {@code proxy} when the run has proxies; {@code extract_error} when anything is extracted; {@code depth} and {@code parent} in a
 * crawl; and {@code body} when bodies are included (base64 for binary bodies, prefixed {@code base64:}). An
 * empty cell is a missing value; a field holding a list or object is written as compact JSON.
 */
public final class CsvSink implements RecordSink {
    /** The columns every record has, after url, parameters and fields. */
    public static final List<String> FIXED_COLUMNS =
            List.of("status", "error", "elapsed_ms", "bytes", "message", "attempts", "last_error", "redirects", "final_url", "finished_ms", "index");

    private final Writer out;
    private final RecordShape shape;
    private final char delimiter;

    public CsvSink(OutputStream stream, List<String> paramNames, boolean includeBody) {
        this(stream, RecordShape.plain(paramNames, includeBody));
    }

    public CsvSink(OutputStream stream, RecordShape shape) {
        this(stream, shape, true);
    }

    /** {@code header} false: the stream continues a file whose header is written already. */
    public CsvSink(OutputStream stream, RecordShape shape, boolean header) {
        this(stream, shape, header, ',');
    }

    /** The same with another {@code delimiter} between cells: a tab makes TSV (quoted as CSV is). */
    public CsvSink(OutputStream stream, RecordShape shape, boolean header, char delimiter) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.shape = shape;
        this.delimiter = delimiter;
        if (header) {
            writeHeader();
        }
    }

    private void writeHeader() {
        try {
            cell("url", true);
            for (String p : shape.paramNames()) {
                cell(p, false);
            }
            if (shape.items()) {
                cell("item", false);
            }
            for (String f : shape.fieldNames()) {
                cell(f, false);
            }
            for (String c : FIXED_COLUMNS) {
                cell(c, false);
            }
            if (shape.proxy()) {
                cell("proxy", false);
            }
            if (shape.extraction()) {
                cell("extract_error", false);
            }
            if (shape.crawl()) {
                cell("depth", false);
                cell("parent", false);
            }
            if (shape.saved()) {
                cell("saved", false);
            }
            if (shape.body()) {
                cell("body", false);
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void write(Outcome o, Extraction extraction, String savedFile) throws IOException {
        cell(shape.redaction().url(o.request().url()), true);
        for (String p : shape.paramNames()) {
            String v = shape.redaction().param(o.request().params().get(p));
            cell(v == null ? "" : v, false);
        }
        if (shape.items()) {
            cell(extraction == null || extraction.item() == null ? "" : Integer.toString(extraction.item()), false);
        }
        for (String f : shape.fieldNames()) {
            cell(extraction == null ? "" : Values.text(extraction.fields().get(f)), false);
        }
        cell(o.hasResponse() ? Integer.toString(o.status()) : "", false);
        cell(o.hasResponse() ? "" : o.failure().kind().wireName(), false);
        cell(Double.toString((o.elapsedNanos() / 1000) / 1000.0), false);
        cell(Long.toString(o.bytes()), false);
        cell(o.hasResponse() ? "" : shape.redaction().text(o.failure().message(), o.request().url()), false);
        cell(Integer.toString(o.attempts()), false);
        cell(o.lastError() == null ? "" : shape.redaction().text(o.lastError(), o.request().url()), false);
        cell(Integer.toString(o.redirects()), false);
        cell(o.finalUrl() == null ? "" : shape.redaction().url(o.finalUrl()), false);
        cell(Long.toString(System.currentTimeMillis()), false);
        cell(Long.toString(o.index()), false);
        if (shape.proxy()) {
            cell(o.proxy() == null ? "" : o.proxy().redacted(), false);
        }
        if (shape.extraction()) {
            cell(extraction == null || extraction.error() == null ? "" : extraction.error(), false);
        }
        if (shape.crawl()) {
            cell(Integer.toString(o.request().depth()), false);
            cell(o.request().parent() == null ? "" : shape.redaction().url(o.request().parent()), false);
        }
        if (shape.saved()) {
            cell(savedFile == null ? "" : savedFile, false);
        }
        if (shape.body()) {
            String text = BodyText.utf8OrNull(o.body());
            cell(text != null ? text : "base64:" + Base64.getEncoder().encodeToString(o.body()), false);
        }
        out.write("\r\n");
    }

    private void cell(String value, boolean first) throws IOException {
        if (!first) {
            out.write(delimiter);
        }
        if (needsQuotes(value)) {
            out.write('"');
            out.write(value.replace("\"", "\"\""));
            out.write('"');
        } else {
            out.write(value);
        }
    }

    private boolean needsQuotes(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == delimiter || c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return !v.isEmpty() && (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ');
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
