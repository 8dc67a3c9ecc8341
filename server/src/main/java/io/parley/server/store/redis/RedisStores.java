package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.parley.server.store.Stores;
import java.time.Duration;

/** Opens the Redis backend: all four stores on one shared connection. */
public final class RedisStores {
    /** Long enough for in-flight replies to land, short enough not to slow down a stop. */
    private static final Duration QUIET_PERIOD = Duration.ofMillis(100);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private RedisStores() {
    }

    /**
     * Connects to {@code redisUri} (for example {@code redis://127.0.0.1:6379/0}), failing here if Redis
     * cannot be reached. Call once per process: the one connection multiplexes and pipelines every
     * command of every user, which is what Lettuce connections are built for; a connection per user
     * would cost Redis a client each and lose the pipelining.
     */
    public static Stores open(String redisUri) {
        requireNonNull(redisUri, "redisUri");
        RedisURI uri = RedisURI.create(redisUri);
        RedisClient client = RedisClient.create(uri);
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            RedisAsyncCommands<String, String> redis = connection.async();
            ScriptRunner scripts = new ScriptRunner(redis);
            scripts.preload();
            AutoCloseable backend = () -> {
                connection.close();
                scripts.close();
                client.shutdown(QUIET_PERIOD, SHUTDOWN_TIMEOUT);
            };
            return new Stores(describe(uri), new RedisUserStore(redis), new RedisMessageStore(redis, scripts),
                    new RedisGroupStore(redis, scripts), new RedisPresenceStore(redis, scripts), backend);
        } catch (RuntimeException e) {
            client.shutdown(QUIET_PERIOD, SHUTDOWN_TIMEOUT);
            throw e;
        }
    }

    /** Where the data lives, never the password. */
    private static String describe(RedisURI uri) {
        String where = uri.getSocket() != null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort();
        return "redis " + where + "/" + uri.getDatabase();
    }
}
