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
        try {
            redis.scripts().preload();
            MsgIds ids = new MsgIds(redis.commands());
            ids.prime();
            return new Stores(
                    redis.description(),
                    new RedisUserStore(redis.commands(), redis.scripts()),
                    new RedisMessageStore(redis.commands(), redis.scripts(), ids, announcements),
                    new RedisGroupStore(redis.commands(), redis.scripts()),
                    new RedisPresenceStore(redis.commands(), redis.scripts()),
                    new RedisSessionStore(redis.commands(), redis.scripts()),
                    redis);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }
}
