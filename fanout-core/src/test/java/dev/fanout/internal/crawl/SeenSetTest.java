package dev.fanout.internal.crawl;

import dev.fanout.Request;
import dev.fanout.crawl.CrawlJournal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeenSetTest {
    @Test
    void remembersEveryFingerprintAcrossGrowth() {
        SeenSet seen = new SeenSet(16);
        for (long i = 0; i < 100_000; i++) {
            assertThat(seen.add(i * 0x9E3779B97F4A7C15L)).isTrue();
        }
        for (long i = 0; i < 100_000; i++) {
            assertThat(seen.add(i * 0x9E3779B97F4A7C15L)).isFalse();
            assertThat(seen.contains(i * 0x9E3779B97F4A7C15L)).isTrue();
        }
        assertThat(seen.contains(-1)).isFalse();
        assertThat(seen.size()).isEqualTo(100_000);
    }

    @Test
    void aMillionUrlsFitInAboutSixteenMegabytesWithoutACollision() {
        SeenSet seen = new SeenSet();
        for (int i = 0; i < 1_000_000; i++) {
            long fp = CrawlJournal.fingerprint(Request.get("https://news.example/item?id=" + i));
            assertThat(seen.add(fp)).as("url %d collided", i).isTrue();
        }
        assertThat(seen.bytes()).isEqualTo(16L << 20);
    }

    @Test
    void fingerprintsIgnoreSpellingButNotMethodOrBody() {
        long a = CrawlJournal.fingerprint(Request.get("HTTP://Site.Example:80/a#x"));
        assertThat(CrawlJournal.fingerprint(Request.get("http://site.example/a"))).isEqualTo(a);
        assertThat(CrawlJournal.fingerprint(Request.of("POST", "http://site.example/a", ""))).isNotEqualTo(a);
        assertThat(CrawlJournal.fingerprint(Request.of("POST", "http://site.example/a", "x")))
                .isNotEqualTo(CrawlJournal.fingerprint(Request.of("POST", "http://site.example/a", "y")));
    }
}
