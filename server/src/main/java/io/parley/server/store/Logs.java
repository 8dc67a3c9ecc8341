package io.parley.server.store;

import io.parley.protocol.message.LogNames;

/**
 * Names of message logs. A store's names are not the wire's: the wire's {@code "inbox"} is the inbox of whoever
 * asks, so {@link #fromWire} needs to know who that is.
 */
public final class Logs {
    /** The log of broadcasts to everyone online. */
    public static final String ALL = "all";

    private static final String INBOX = "inbox:";
    private static final String GROUP = "group:";

    private Logs() {}

    /** The log of private messages to {@code userId}. */
    public static String inbox(int userId) {
        return INBOX + userId;
    }

    /** The log of a group's messages. */
    public static String group(String name) {
        return GROUP + name;
    }

    /** The log that {@code wireLog}, a log name as the wire spells it ({@link LogNames}), means to {@code userId}. */
    public static String fromWire(String wireLog, int userId) {
        String group = LogNames.groupOf(wireLog);
        return group == null ? inbox(userId) : group(group);
    }

    public static boolean isGroup(String log) {
        return log.startsWith(GROUP);
    }

    public static boolean isInbox(String log) {
        return log.startsWith(INBOX);
    }

    /** The user whose inbox {@code log} is. */
    public static int inboxOwner(String log) {
        if (!isInbox(log)) {
            throw new IllegalArgumentException("not an inbox log: " + log);
        }
        return Integer.parseInt(log.substring(INBOX.length()));
    }

    /** The group name of a group log. */
    public static String groupName(String log) {
        if (!isGroup(log)) {
            throw new IllegalArgumentException("not a group log: " + log);
        }
        return log.substring(GROUP.length());
    }
}
