package dev.fanout.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.fanout.Outcome;
import dev.fanout.extract.Extraction;
import dev.fanout.extract.Values;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One JSON object per line, its keys the {@link RecordColumn}s of the {@link RecordShape}:
 * {@code {"url":…,"params":{…},"status":200,"error":null,"message":null,"elapsed_ms":12.345,"bytes":100,"attempts":1,"last_error":null,
 * "redirects":0,"final_url":null,"finished_ms":1763800000000,"index":0}},
 * where {@code last_error} says why the previous attempt was retried (null after one attempt) and {@code finished_ms}
 * is the Unix time in ms the record was written (what {@code fanout report} charts throughput by);
 * {@code "item":…} after {@code params} with {@code --each} (the item's index within its response, null for
 * a response without items); {@code "fields":{…},"extract_error":…} after that when fields are extracted; {@code "depth"} and
 * {@code "parent"} in a crawl; {@code "proxy"} (redacted, null when direct) when the run has proxies; and {@code "body"} (text) or {@code "body_base64"} (binary) when bodies are
 * included. {@code params} holds every template value the request has.
 */
public final class JsonLinesSink implements RecordSink {
    /**
     * Each record ends its own line (output cut short by Ctrl-C or kill still ends in whole lines), so nothing
     * goes between records: without the space Jackson puts there by default, and without a pretty printer, whose
     * hooks take its slower path for every name and value.
     */
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
    /** Each column's key, encoded once rather than for every record. */
    private static final SerializableString[] NAMES = names();
    private static final SerializableString BODY_BASE64 = new SerializedString(RecordColumn.BODY.wireName() + "_base64");

    private final JsonGenerator gen;
    private final RecordShape shape;
    private final RecordColumn[] columns;
    private final Cells cells = new Cells();
    /** Where a number of thousandths is written before the generator takes it. */
    private final char[] digits = new char[Thousandths.MAX_CHARS];

    public JsonLinesSink(OutputStream out, boolean includeBody) {
        this(out, RecordShape.plain(List.of(), includeBody));
    }

    public JsonLinesSink(OutputStream out, RecordShape shape) {
        try {
            this.gen = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.shape = shape;
        this.columns = RecordLayout.JSON_LINES.columns(shape);
    }

    @Override
    public void write(Outcome o, Extraction extraction, String savedFile) throws IOException {
        gen.writeStartObject();
        RecordColumn.write(columns, shape, o, extraction, savedFile, cells);
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    /** A column's value under its name: none is null. */
    private final class Cells extends RecordColumn.Cells {
        private SerializableString name;

        @Override
        public void column(RecordColumn column) {
            name = NAMES[column.ordinal()];
        }

        /** Every template value the request has: a crawl's found requests may have others than the inputs. */
        @Override
        public void params(Outcome o, RecordShape shape) throws IOException {
            gen.writeFieldName(name);
            gen.writeStartObject();
            for (Map.Entry<String, String> e : o.request().params().entrySet()) {
                gen.writeStringField(e.getKey(), RecordColumn.param(e.getValue(), shape.redaction()));
            }
            gen.writeEndObject();
        }

        @Override
        public void fields(Extraction x, RecordShape shape) throws IOException {
            gen.writeFieldName(name);
            gen.writeStartObject();
            for (String f : shape.fieldNames()) {
                gen.writeFieldName(f);
                Values.write(gen, RecordColumn.field(x, f));
            }
            gen.writeEndObject();
        }

        @Override
        public void text(String value) throws IOException {
            gen.writeFieldName(name);
            if (value == null) {
                gen.writeNull();
            } else {
                gen.writeString(value);
            }
        }

        @Override
        public void number(int value) throws IOException {
            gen.writeFieldName(name);
            gen.writeNumber(value);
        }

        @Override
        public void number(long value) throws IOException {
            gen.writeFieldName(name);
            gen.writeNumber(value);
        }

        @Override
        public void number(double value) throws IOException {
            gen.writeFieldName(name);
            gen.writeNumber(value);
        }

        @Override
        public void thousandths(long thousandths) throws IOException {
            gen.writeFieldName(name);
            gen.writeNumber(digits, 0, Thousandths.write(thousandths, digits));
        }

        @Override
        public void missing() throws IOException {
            gen.writeFieldName(name);
            gen.writeNull();
        }

        @Override
        public void body(byte[] body) throws IOException {
            String text = BodyText.utf8OrNull(body);
            if (text != null) {
                gen.writeFieldName(name);
                gen.writeString(text);
            } else {
                gen.writeFieldName(BODY_BASE64);
                gen.writeString(Base64.getEncoder().encodeToString(body));
            }
        }
    }

    private static SerializableString[] names() {
        SerializableString[] names = new SerializableString[RecordColumn.values().length];
        for (RecordColumn c : RecordColumn.values()) {
            names[c.ordinal()] = new SerializedString(c.wireName());
        }
        return names;
    }

    @Override
    public void flush() throws IOException {
        gen.flush();
    }

    @Override
    public void close() throws IOException {
        gen.close();
    }
}
