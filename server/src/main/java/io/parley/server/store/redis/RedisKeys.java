package io.parley.server.store.redis;

import io.parley.server.store.Logs;

/**
 * Every key the Redis stores use; the table in this package's documentation lists them. Keys of one log
 * share the hash tag {@code {log:<log>}}, and a group's keys use the tag of the group's log, so that each
 * script working on one log or group (append, join, leave, advance) stays in one Cluster slot.
 */
final class RedisKeys {
    /** The last msgId reserved, store-wide (nodes reserve them in blocks, see MsgIds). */
    static final String MSG_ID = "parley:msgid";
    /** The names of all groups. */
    static final String GROUPS = "parley:groups";
    /** The key that signs new resume tokens, shared by all nodes (the name earlier versions kept their only key in). */
    static final String TOKEN_KEY = "parley:token-key";
    /** The key before the last rotation and when it was rotated; its hash tag puts it in {@link #TOKEN_KEY}'s slot. */
    static final String PREVIOUS_TOKEN_KEY = "{" + TOKEN_KEY + "}:previous";
    /** The ids of the nodes that have announced themselves and were not yet found dead. */
    static final String NODES = "parley:nodes";
    /** Where presence scripts publish "1 userId nodeId" (online anywhere) and "0 userId nodeId" (offline everywhere). */
    static final String PRESENCE_CHANNEL = "parley:ch:presence";

    private RedisKeys() {}

    static String head(String log) {
        return ofLog(log, "head");
    }

    static String messages(String log) {
        return ofLog(log, "msgs");
    }

    /** An inbox's running byte total: the bytes of every message appended to it since it has had one. */
    static String bytes(String log) {
        return ofLog(log, "bytes");
    }

    /** An inbox's running byte total at each seq, so that the unread bytes after a read position are one lookup. */
    static String totals(String log) {
        return ofLog(log, "totals");
    }

    static String positions(String log) {
        return ofLog(log, "pos");
    }

    /** The seq under which a sender's {@code clientMsgId} was stored in {@code log}. */
    static String dedup(String log, int fromUserId, String clientMsgId) {
        return dedupPrefix(log) + fromUserId + ":" + clientMsgId;
    }

    /** What every dedup key of {@code log} starts with. */
    static String dedupPrefix(String log) {
        return ofLog(log, "dedup:");
    }

    static String user(int userId) {
        return "parley:user:" + userId;
    }

    /**
     * The user's token epoch; absent means 0. Its hash tag is the user key's whole name, which puts it in the
     * user key's Cluster slot, so that a password change updates both in one script.
     */
    static String tokenEpoch(int userId) {
        return "{" + user(userId) + "}:epoch";
    }

    /** Exists, with a time to live, while the resume token {@code tokenId} of the user is revoked. */
    static String revokedToken(int userId, String tokenId) {
        return "{" + user(userId) + "}:revoked:" + tokenId;
    }

    /** The user's ban, a hash of {@code until} and {@code reason}; absent when not banned. Same slot as the user key. */
    static String ban(int userId) {
        return "{" + user(userId) + "}:ban";
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

    /** Exists while the node is alive: it sets it again, with a time to live, on every heartbeat. */
    static String nodeAlive(String nodeId) {
        return "parley:node:" + nodeId + ":alive";
    }

    private static String ofLog(String log, String part) {
        return "parley:{log:" + log + "}:" + part;
    }
}
