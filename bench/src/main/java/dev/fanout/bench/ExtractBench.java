package dev.fanout.bench;

import dev.fanout.extract.Body;
import dev.fanout.extract.Expression;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The cost of extraction per record: parsing the expressions a typical run gives with {@code -e} and
 * {@code --follow} (done once per run, but a measure of the parser), and selecting them from one parsed
 * body (done for every record). The body's JSON is read once in setup, so {@code select} is the JSONPath
 * work alone.
 *
 * <pre>
 * java -cp "bench/target/fanout-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" org.openjdk.jmh.Main ExtractBench -f 2 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ExtractBench {
    /** What fanout users write: a singular path with a step, a wildcard, a filter, descendants. */
    static final String[] EXPRESSIONS = {
        "$.chart.result[0].meta.regularMarketPrice | round(2)",
        "$.kids[*]",
        "$.results[?@.rating >= 4 && @.open == true].name",
        "$..id",
    };

    static final String DOCUMENT = """
            {"chart":{"result":[{"meta":{"symbol":"AAPL","regularMarketPrice":189.985,"volume":1200}}],"error":null},
             "kids":[8863,8864,8865,8866],
             "results":[
               {"id":1,"name":"Cafe A","rating":4.5,"open":true,"geometry":{"location":{"lat":48.1,"lng":11.5}}},
               {"id":2,"name":"Cafe B","rating":3.9,"open":true,"geometry":{"location":{"lat":48.2,"lng":11.6}}},
               {"id":3,"name":"Cafe C","rating":4.8,"open":false,"geometry":{"location":{"lat":48.3,"lng":11.7}}},
               {"id":4,"name":"Cafe D","rating":4.1,"open":true,"geometry":{"location":{"lat":48.4,"lng":11.8}}}
             ],
             "next":"/page/2"}""";

    private Expression[] parsed;
    private Body body;

    @Setup
    public void setUp() {
        parsed = new Expression[EXPRESSIONS.length];
        for (int i = 0; i < EXPRESSIONS.length; i++) {
            parsed[i] = Expression.parse(EXPRESSIONS[i]);
        }
        body = Body.of(DOCUMENT, "application/json", "http://api.example/page/1");
        for (Expression e : parsed) {
            e.value(body); // reads the JSON once; the benchmark measures selection alone
        }
    }

    @Benchmark
    public void parse(Blackhole bh) {
        for (String text : EXPRESSIONS) {
            bh.consume(Expression.parse(text));
        }
    }

    @Benchmark
    public void select(Blackhole bh) {
        for (Expression e : parsed) {
            bh.consume(e.value(body));
        }
    }
}
