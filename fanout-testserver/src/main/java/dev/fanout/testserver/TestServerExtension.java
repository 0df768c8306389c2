package dev.fanout.testserver;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs one {@link TestServer} for a test class and clears its counters before each
 * test, so every test sees only its own requests:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestServerExtension server = new TestServerExtension();
 * ... server.get().url("/items/1") ... server.get().stats().peakInFlight() ...
 * }</pre>
 */
public final class TestServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final TestServer.Builder settings;
    private TestServer server;

    /** A server with default settings (no latency). */
    public TestServerExtension() {
        this(TestServer.builder());
    }

    public TestServerExtension(TestServer.Builder settings) {
        this.settings = settings;
    }

    /** The running server. */
    public TestServer get() {
        if (server == null) {
            throw new IllegalStateException("the test server runs only while the test class runs");
        }
        return server;
    }

    /** Shorthand for {@code get().url(path)}. */
    public String url(String path) {
        return get().url(path);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = settings.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.stats().reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
