package io.parley.server.store.redis;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real {@code redis-server} per test class, emptied before each test. Register it as a static field:
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension redis = new RedisServerExtension();
 * }</pre>
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private RedisServerProcess server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = RedisServerProcess.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server().flushAll();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server, for what the shortcuts below do not cover. */
    public RedisServerProcess server() {
        if (server == null) {
            throw new IllegalStateException("the Redis server runs only while the test class does;"
                    + " register this extension on a static field");
        }
        return server;
    }

    public String uri() {
        return server().uri();
    }

    public int port() {
        return server().port();
    }

    public void restart() throws IOException {
        server().restart();
    }

    public void flushAll() throws IOException {
        server().flushAll();
    }
}
