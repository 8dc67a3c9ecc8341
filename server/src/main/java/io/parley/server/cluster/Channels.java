package io.parley.server.cluster;

import io.parley.server.store.redis.RedisStores;

/** The Redis pub/sub channels nodes talk on (docs/cluster.md lists them with their payloads). */
final class Channels {
    /** Inbox messages of one user: subscribed by the nodes holding one of its sessions. */
    static final String USER_PREFIX = "parley:ch:user:";
    /** Group messages and broadcasts: every node holds some members, so every node subscribes. */
    static final String LOGS = "parley:ch:logs";
    /** "A group's members changed": every node drops its cached member list. */
    static final String MEMBERS = "parley:ch:members";
    /** "A user's tokens older than an epoch are void": every node closes that user's older sessions. */
    static final String SESSIONS = "parley:ch:sessions";
    /** Published by the presence scripts themselves, in the order the changes happened. */
    static final String PRESENCE = RedisStores.PRESENCE_CHANNEL;

    private Channels() {}

    static String user(int userId) {
        return USER_PREFIX + userId;
    }
}
