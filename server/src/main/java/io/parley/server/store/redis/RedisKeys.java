package io.parley.server.store.redis;

import io.parley.server.store.Logs;

/**
 * Every key the Redis stores use; the table in this package's documentation lists them. Keys of one log
 * share the hash tag {@code {log:<log>}}, and a group's keys use the tag of the group's log, so that each
 * script working on one log or group (append, join, leave, advance) stays in one Cluster slot.
 */
final class RedisKeys {
    /** The last msgId handed out, store-wide. */
    static final String MSG_ID = "parley:msgid";
    /** The names of all groups. */
    static final String GROUPS = "parley:groups";
    /** The ids of users with at least one session. */
    static final String ONLINE = "parley:presence:online";
    /** The key that signs resume tokens, shared by all nodes. */
    static final String TOKEN_KEY = "parley:token-key";

    private RedisKeys() {
    }

    static String head(String log) {
        return ofLog(log, "head");
    }

    static String messages(String log) {
        return ofLog(log, "msgs");
    }

    static String positions(String log) {
        return ofLog(log, "pos");
    }

    /** Where the message a sender sent under {@code clientMsgId} was stored. */
    static String dedup(int fromUserId, String clientMsgId) {
        return "parley:dedup:" + fromUserId + ":" + clientMsgId;
    }

    static String user(int userId) {
        return "parley:user:" + userId;
    }

    static String groupsOf(int userId) {
        return "parley:user:" + userId + ":groups";
    }

    static String group(String name) {
        return ofLog(Logs.group(name), "group");
    }

    static String members(String name) {
        return ofLog(Logs.group(name), "members");
    }

    /** The sessions of a user, counted per node. */
    static String sessions(int userId) {
        return "parley:presence:user:" + userId;
    }

    /** The users with sessions on a node, so that clearing a node touches only them. */
    static String nodeUsers(String nodeId) {
        return "parley:presence:node:" + nodeId;
    }

    private static String ofLog(String log, String part) {
        return "parley:{log:" + log + "}:" + part;
    }
}
