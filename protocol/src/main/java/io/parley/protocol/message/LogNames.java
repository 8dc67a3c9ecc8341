package io.parley.protocol.message;

/**
 * The names by which the wire speaks of a message log, in {@link AckMes} and {@link HistoryMes}:
 * {@value #INBOX}, the private messages to the user of the connection, and {@code group:<name>}, a group's
 * messages. The one place these names are spelt, checked and taken apart.
 */
public final class LogNames {
    /** The log of private messages to the connection's own user. */
    public static final String INBOX = "inbox";

    private static final String GROUP_PREFIX = "group:";

    private LogNames() {}

    /** The name of {@code group}'s log. */
    public static String group(String group) {
        return GROUP_PREFIX + group;
    }

    /** Whether {@code log} names a group's log, {@code group:<name>}. */
    public static boolean namesGroup(String log) {
        return log.startsWith(GROUP_PREFIX);
    }

    /** The group whose log {@code log} names; null for {@value #INBOX}. */
    public static String groupOf(String log) {
        return namesGroup(log) ? log.substring(GROUP_PREFIX.length()) : null;
    }

    /** {@code log} if it is a valid log name; otherwise throws, saying why. */
    static String check(String log) {
        if (log == null || !(log.equals(INBOX) || namesGroup(log))) {
            throw new IllegalArgumentException("log: " + log + " (expected: \"inbox\" or \"group:<name>\")");
        }
        if (namesGroup(log)) {
            Checks.group(groupOf(log));
        }
        return log;
    }
}
