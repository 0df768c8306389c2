package dev.fanout;

import dev.fanout.client.Fanout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FanoutConfigTest {

    /** Every setting away from its default, so that a setting toBuilder dropped would show. */
    private static FanoutConfig unusual(Path dir) {
        return Fanout.builder().concurrency(7).perHost(3).connectTimeout(Duration.ofSeconds(2))
                .firstByteTimeout(Duration.ofSeconds(3)).readTimeout(Duration.ofSeconds(4)).timeout(Duration.ofSeconds(5))
                .defaultHeader("User-Agent", "test/1").defaultHeader("X-Extra", "1").keepBodies(false).maxBodyBytes(1234)
                .ioThreads(2).streamBuffer(11).retry(RetryPolicy.DEFAULT.withMaxRetries(1)).rate(RateLimit.perSecond(5))
                .ratePerHost(RateLimit.perSecond(2)).adaptive(AdaptiveLimit.DEFAULT).deadHostAfter(4)
                .tls(new TlsSettings(null, true, false)).redirects(RedirectPolicy.NONE).blockNetwork("10.0.0.0/8")
                .blockNetwork("192.168.0.0/16").maxMemory(1 << 20).saveBodiesTo(dir)
                .proxy(ProxyConfig.of(Proxy.parse("http://127.0.0.1:3128"))).cookies(CookieJar.empty()).rateHeaders(false)
                .config();
    }

    @Test
    void toBuilderKeepsEverySetting(@TempDir Path dir) {
        FanoutConfig config = unusual(dir);
        assertThat(Fanout.builder(config).config()).isEqualTo(config);
        assertThat(Fanout.builder(Fanout.builder().config()).config()).isEqualTo(Fanout.builder().config());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet(@TempDir Path dir) {
        FanoutConfig config = unusual(dir);
        FanoutConfig changed = Fanout.builder(config).timeout(Duration.ofSeconds(9)).config();
        assertThat(changed.timeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(Fanout.builder(changed).timeout(config.timeout()).config()).isEqualTo(config);
        // the default headers are the config's own: none of the builder's defaults come back
        assertThat(changed.defaultHeaders().get("User-Agent")).isEqualTo("test/1");
        assertThat(changed.defaultHeaders()).isEqualTo(config.defaultHeaders());
    }
}
