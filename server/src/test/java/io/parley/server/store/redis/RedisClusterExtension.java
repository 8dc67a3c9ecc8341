package io.parley.server.store.redis;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real three-master Redis Cluster per test class, emptied before each test. Register it as a static field:
 * <pre>{@code
 * @RegisterExtension
 * static final RedisClusterExtension redis = new RedisClusterExtension();
 * }</pre>
 */
public final class RedisClusterExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private RedisClusterProcess cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        cluster = RedisClusterProcess.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        cluster().flushAll();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** The running cluster, for what the shortcut below does not cover. */
    public RedisClusterProcess cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the Redis Cluster runs only while the test class does;"
                    + " register this extension on a static field");
        }
        return cluster;
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
    public String uri() {
        return cluster().uri();
    }
}
