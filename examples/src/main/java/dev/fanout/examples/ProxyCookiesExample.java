package dev.fanout.examples;

import dev.fanout.CookieJar;
import dev.fanout.Outcome;
import dev.fanout.Proxy;
import dev.fanout.ProxyConfig;
import dev.fanout.Request;
import dev.fanout.client.Fanout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A request through a proxy, with a cookie jar kept in a file between runs. */
public final class ProxyCookiesExample {
    private ProxyCookiesExample() {
    }

    /** {@code proxyUrl} e.g. {@code http://u:p@10.0.0.1:3128}; {@code url} the page to fetch; {@code cookies} the jar's file. */
    public static void run(String proxyUrl, String url, Path cookies) throws IOException {
        // region proxy-cookies
        CookieJar jar = CookieJar.load(cookies);
        try (Fanout fanout = Fanout.builder()
                .proxy(ProxyConfig.of(List.of(Proxy.parse(proxyUrl)))
                        .withNoProxy(List.of(".corp")).withPerProxy(20))
                .cookies(jar)
                .build()) {
            Outcome o = fanout.fetch(Request.get(url)).join();
            System.out.println(o.status() + " via " + o.proxy());   // 200 via http://***@10.0.0.1:3128
        }
        jar.save(cookies);                                       // atomically, mode 0600
        // endregion
    }
}
