package io.parley.server.store.redis;

import io.parley.server.store.Stores;

/** Opens the Redis backend: all five stores on the one shared command connection of {@link RedisConnections}. */
public final class RedisStores {
    /** The channel on which presence scripts announce that a user came online anywhere or went offline everywhere. */
    public static final String PRESENCE_CHANNEL = RedisKeys.PRESENCE_CHANNEL;

    private RedisStores() {}

    /** Connects to {@code redisUri} (see {@link RedisConnections}) and opens the stores, which close it with them. */
    public static Stores open(String redisUri) {
        return owning(RedisConnections.open(redisUri), null);
    }

    /**
     * The stores on {@code redis}, which they own: closing the stores closes it, and so does failing to open
     * them. Call once per process: the one connection multiplexes and pipelines every command of every user,
     * which is what Lettuce connections are built for; a connection per user would cost Redis a client each and
     * lose the pipelining.
     *
     * @param announcements where appended messages are announced to other nodes, or null for nowhere
     */
    public static Stores owning(RedisConnections redis, Announcements announcements) {
        return owning(redis, announcements, redis.oneServer());
    }

    /**
     * As {@link #owning(RedisConnections, Announcements)}; {@code groupWrites} false sends each write to a log in a
     * call of its own even to one Redis, as to a Redis Cluster (for tests of what happens to single calls).
     */
    static Stores owning(RedisConnections redis, Announcements announcements, boolean groupWrites) {
        try {
            redis.scripts().preload();
            MsgIds ids = new MsgIds(redis.commands());
            ids.prime();
            LogCommands logs = new LogCommands(
                    redis.scripts(),
                    announcements == null ? "" : announcements.origin(),
                    groupWrites,
                    RedisConnections.REQUEST_QUEUE_SIZE,
                    RedisConnections.COMMAND_TIMEOUT);
            return new Stores(
                    redis.description(),
                    new RedisUserStore(redis.commands(), redis.scripts(), logs),
                    new RedisMessageStore(redis.commands(), redis.scripts(), ids, announcements, logs),
                    new RedisGroupStore(redis.commands(), redis.scripts(), logs),
                    new RedisPresenceStore(redis.commands(), redis.scripts()),
                    new RedisSessionStore(redis.commands(), redis.scripts()),
                    () -> {
                        logs.close();
                        redis.close();
                    });
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }
}
