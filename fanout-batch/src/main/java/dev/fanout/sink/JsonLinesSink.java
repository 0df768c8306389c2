package dev.fanout.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
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
 * One JSON object per line:
 * {@code {"url":…,"params":{…},"status":200,"error":null,"message":null,"elapsed_ms":12.345,"bytes":100,"attempts":1,"last_error":null,
 * "redirects":0,"final_url":null,"finished_ms":1763800000000,"index":0}},
 * where {@code last_error} says why the previous attempt was retried (null after one attempt) and {@code finished_ms}
 * is the Unix time in ms the record was written (what {@code fanout report} charts throughput by);
 * {@code "item":…} after {@code params} with {@code --each} (the item's index within its response, null for
 * a response without items); {@code "fields":{…},"extract_error":…} after that when fields are extracted; {@code "depth"} and
 * {@code "parent"} in a crawl; {@code "proxy"} (redacted, null when direct) when the run has proxies; and {@code "body"} (text) or {@code "body_base64"} (binary) when bodies are
 * included.
 */
public final class JsonLinesSink implements RecordSink {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final JsonGenerator gen;
    private final RecordShape shape;

    public JsonLinesSink(OutputStream out, boolean includeBody) {
        this(out, RecordShape.plain(List.of(), includeBody));
    }

    public JsonLinesSink(OutputStream out, RecordShape shape) {
        try {
            this.gen = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // each record ends its own line, so output cut short (Ctrl-C, kill) still ends in whole lines
        gen.setPrettyPrinter(new MinimalPrettyPrinter(""));
        this.shape = shape;
    }

    @Override
    public void write(Outcome o, Extraction extraction, String savedFile) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("url", shape.redaction().url(o.request().url()));
        gen.writeObjectFieldStart("params");
        for (Map.Entry<String, String> e : o.request().params().entrySet()) {
            gen.writeStringField(e.getKey(), shape.redaction().param(e.getValue()));
        }
        gen.writeEndObject();
        if (shape.items()) {
            Integer item = extraction == null ? null : extraction.item();
            if (item == null) {
                gen.writeNullField("item");
            } else {
                gen.writeNumberField("item", item);
            }
        }
        if (!shape.fieldNames().isEmpty()) {
            gen.writeObjectFieldStart("fields");
            for (String name : shape.fieldNames()) {
                gen.writeFieldName(name);
                Values.write(gen, extraction == null ? null : extraction.fields().get(name));
            }
            gen.writeEndObject();
        }
        if (shape.extraction()) {
            nullableString("extract_error", extraction == null ? null : extraction.error());
        }
        if (o.hasResponse()) {
            gen.writeNumberField("status", o.status());
            gen.writeNullField("error");
            gen.writeNullField("message");
        } else {
            gen.writeNullField("status");
            gen.writeStringField("error", o.failure().kind().wireName());
            gen.writeStringField("message", shape.redaction().text(o.failure().message(), o.request().url()));
        }
        gen.writeNumberField("elapsed_ms", (o.elapsedNanos() / 1000) / 1000.0);
        gen.writeNumberField("bytes", o.bytes());
        gen.writeNumberField("attempts", o.attempts());
        nullableString("last_error", shape.redaction().text(o.lastError(), o.request().url()));
        gen.writeNumberField("redirects", o.redirects());
        nullableString("final_url", o.finalUrl() == null ? null : shape.redaction().url(o.finalUrl()));
        gen.writeNumberField("finished_ms", System.currentTimeMillis());
        gen.writeNumberField("index", o.index());
        if (shape.proxy()) {
            nullableString("proxy", o.proxy() == null ? null : o.proxy().redacted());
        }
        if (shape.crawl()) {
            gen.writeNumberField("depth", o.request().depth());
            nullableString("parent", o.request().parent() == null ? null : shape.redaction().url(o.request().parent()));
        }
        if (shape.saved()) {
            nullableString("saved", savedFile);
        }
        if (shape.body()) {
            writeBody(o.body());
        }
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    private void nullableString(String name, String value) throws IOException {
        if (value == null) {
            gen.writeNullField(name);
        } else {
            gen.writeStringField(name, value);
        }
    }

    private void writeBody(byte[] body) throws IOException {
        String text = BodyText.utf8OrNull(body);
        if (text != null) {
            gen.writeStringField("body", text);
        } else {
            gen.writeStringField("body_base64", Base64.getEncoder().encodeToString(body));
        }
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
