package dev.fanout.spark;

import dev.fanout.client.Fanout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link FanoutSpark} makes of each input row, and within which limits. Immutable and serializable: it
 * travels to the executors.
 *
 * <p>The URL, method, header values and body are templates whose {@code {name}} placeholders are filled from the
 * row's column {@code name} (the URL percent-encodes values, except a placeholder opening it, so that
 * {@code {url}} can stand for a whole URL). {@link Limits} are totals over the cluster (see {@link Budget} for
 * how they are split); everything else about the client comes from {@link #client()}.
 *
 * <pre>{@code
 * FanoutSparkOptions options = FanoutSparkOptions.builder("https://api.example/items/{id}")
 *         .header("Authorization: Bearer {token}")
 *         .extract("price=$.price")
 *         .limits(Limits.DEFAULT.withConcurrency(400).withPerHost(50))
 *         .client(() -> Fanout.builder().timeout(Duration.ofSeconds(5)))
 *         .build();
 * }</pre>
 *
 * @param url        the URL template
 * @param method     the method template (e.g. {@code GET}, or {@code {method}} from a column)
 * @param headers    "Name: value" header templates
 * @param body       the body template, or null for none
 * @param extracts   fields to extract, "NAME=EXPR" as {@code fanout get -e} takes them
 * @param includeBody whether rows carry the response body ({@code body}: text, or {@code base64:…} when binary)
 * @param limits     cluster-wide limits
 * @param slots      the tasks that can run at once (0: Spark's default parallelism when the job starts)
 * @param partitions how many partitions to spread requests over (0: the slots or the input's partitions,
 *                   whichever is more)
 * @param client     makes each executor's client settings
 */
public record FanoutSparkOptions(String url, String method, List<String> headers, String body, List<String> extracts,
                                 boolean includeBody, Limits limits, int slots, int partitions, ClientFactory client)
        implements Serializable {

    public FanoutSparkOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        headers = List.copyOf(headers);
        extracts = List.copyOf(extracts);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(client, "client");
        if (slots < 0 || partitions < 0) {
            throw new IllegalArgumentException("slots and partitions must be 0 (automatic) or more");
        }
    }

    public static Builder builder(String urlTemplate) {
        return new Builder(urlTemplate);
    }

    /** Whether the executors' clients must keep response bodies. */
    boolean keepsBodies() {
        return includeBody || !extracts.isEmpty();
    }

    /** Settings for {@link FanoutSparkOptions}; every one but the URL template has a default. */
    public static final class Builder {
        private final String url;
        private String method = "GET";
        private final List<String> headers = new ArrayList<>();
        private String body;
        private final List<String> extracts = new ArrayList<>();
        private boolean includeBody;
        private Limits limits = Limits.DEFAULT;
        private int slots;
        private int partitions;
        private ClientFactory client = Fanout::builder;

        private Builder(String url) {
            this.url = url;
        }

        public Builder method(String methodTemplate) {
            this.method = methodTemplate;
            return this;
        }

        /** Adds a header, "Name: value"; the value may hold placeholders. */
        public Builder header(String nameAndValue) {
            headers.add(nameAndValue);
            return this;
        }

        public Builder body(String bodyTemplate) {
            this.body = bodyTemplate;
            return this;
        }

        /** Adds a field, "NAME=EXPR" (JSONPath, JSON Pointer, css:, re:, with steps), one column of the result. */
        public Builder extract(String field) {
            extracts.add(field);
            return this;
        }

        public Builder includeBody(boolean yes) {
            this.includeBody = yes;
            return this;
        }

        public Builder limits(Limits l) {
            this.limits = l;
            return this;
        }

        /** The tasks that can run at once over the cluster, when Spark's default parallelism is not it. */
        public Builder slots(int n) {
            this.slots = n;
            return this;
        }

        public Builder partitions(int n) {
            this.partitions = n;
            return this;
        }

        public Builder client(ClientFactory factory) {
            this.client = factory;
            return this;
        }

        public FanoutSparkOptions build() {
            return new FanoutSparkOptions(url, method, headers, body, extracts, includeBody, limits, slots, partitions, client);
        }
    }
}
