package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** scripts/aot.sh, which picks the AOT cache ./fanout starts a run with, run in bash against cache files made here. */
class AotScriptTest {
    private static final Path SCRIPT = ScriptCall.script("aot.sh");

    /** The cache for {@code args}, with no proxy in the environment unless {@code env} sets one. */
    private static String cacheFor(Path plain, Path tls, Path full, String args) throws Exception {
        return cacheFor("", plain, tls, full, args);
    }

    private static String cacheFor(String env, Path plain, Path tls, Path full, String args) throws Exception {
        return ScriptCall.run(SCRIPT, "unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY; " + env
                + " fanout_aot_for '" + plain + "' '" + tls + "' '" + full + "' " + args + "; echo \"$AOT_RUN\"");
    }

    @Test
    void plainHttpRunsStartWithTheSmallCacheAndHttpsRunsWithTheOneWithTls(@TempDir Path dir) throws Exception {
        Path plain = Files.createFile(dir.resolve("plain.aot"));
        Path tls = Files.createFile(dir.resolve("tls.aot"));
        Path full = Files.createFile(dir.resolve("full.aot"));
        assertThat(cacheFor(plain, tls, full, "get 'http://a/{i}' -p i=1..9 -c 64")).isEqualTo(plain.toString());
        assertThat(cacheFor(plain, tls, full, "demo")).isEqualTo(plain.toString());
        assertThat(cacheFor(plain, tls, full, "get 'http://a/{i}' -p i=1..9 -o results.csv -e 'x=$.a'"))
                .as("CSV, extraction").isEqualTo(plain.toString());
        assertThat(cacheFor(plain, tls, full, "get --input-format csv 'http://a/{id}'")).as("a format is no input")
                .isEqualTo(plain.toString());
        assertThat(cacheFor(plain, tls, full, "get 'https://a/{i}' -p i=1..9")).isEqualTo(tls.toString());
        assertThat(cacheFor(plain, tls, full, "get http://a/ HTTPS://b/")).as("either case").isEqualTo(tls.toString());
    }

    @Test
    void runsThatReadFilesWriteSqliteKeepAJobOrReportStartWithTheFullCache(@TempDir Path dir) throws Exception {
        Path plain = Files.createFile(dir.resolve("plain.aot"));
        Path tls = Files.createFile(dir.resolve("tls.aot"));
        Path full = Files.createFile(dir.resolve("full.aot"));
        assertThat(cacheFor(plain, tls, full, "get -i urls.txt")).as("URLs from a file").isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get --input=rows.csv 'http://a/{id}'")).isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get -irows.csv 'http://a/{id}'")).isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get 'http://a/?q={q}' -p q=@queries.txt")).as("values from a file")
                .isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get http://a/ -d @body.json")).as("a body from a file").isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get 'http://a/{i}' -p i=1..9 -o places.sqlite")).isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get 'http://a/{i}' -p i=1..9 --output=r.db")).isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get 'http://a/{i}' -p i=1..9 --job q.job -o r.jsonl")).isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get 'http://a/{i}' -p i=1..9 --job=q.job")).isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "report results.jsonl")).isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get https://a/ --follow 'css:a@href' -e title=css:title")).as("HTML")
                .isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get 'https://a/{i}' -p i=1..9 -o r.sqlite")).as("HTTPS and SQLite")
                .isEqualTo(full.toString());
    }

    @Test
    void runsThroughAProxyStartWithTheFullCache(@TempDir Path dir) throws Exception {
        Path plain = Files.createFile(dir.resolve("plain.aot"));
        Path tls = Files.createFile(dir.resolve("tls.aot"));
        Path full = Files.createFile(dir.resolve("full.aot"));
        assertThat(cacheFor(plain, tls, full, "get http://a/ -x http://p:3128")).isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get http://a/ --proxy=socks5h://p:1080")).isEqualTo(full.toString());
        assertThat(cacheFor(plain, tls, full, "get http://a/ --proxy-list proxies.txt")).isEqualTo(full.toString());
        assertThat(cacheFor("https_proxy=http://p:3128", plain, tls, full, "get https://a/")).as("from the environment")
                .isEqualTo(full.toString());
        assertThat(cacheFor("export HTTP_PROXY=http://p:3128;", plain, tls, full, "get http://a/")).isEqualTo(full.toString());
    }

    @Test
    void aMissingCacheFallsBackToTheNextSmallerOne(@TempDir Path dir) throws Exception {
        Path plain = Files.createFile(dir.resolve("plain.aot"));
        Path tls = Files.createFile(dir.resolve("tls.aot"));
        Path missing = dir.resolve("missing.aot");
        assertThat(cacheFor(plain, tls, missing, "get -i urls.txt")).isEqualTo(tls.toString());
        assertThat(cacheFor(plain, missing, missing, "get -i urls.txt")).isEqualTo(plain.toString());
        assertThat(cacheFor(plain, missing, missing, "get https://a/")).isEqualTo(plain.toString());
    }
}
