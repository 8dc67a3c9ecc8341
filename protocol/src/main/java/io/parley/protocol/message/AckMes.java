package io.parley.protocol.message;

/**
 * Extension: cumulative receipt — the client holds every message of {@code log} up to and including
 * {@code seq}. {@code log} is {@code "inbox"} for private messages or {@code "group:<name>"}.
 */
public record AckMes(String log, long seq) implements ClientMessage {
    public static final String INBOX = "inbox";
    public static final String GROUP_PREFIX = "group:";

    public AckMes {
        if (log == null || !(log.equals(INBOX) || log.startsWith(GROUP_PREFIX))) {
            throw new IllegalArgumentException("log: " + log + " (expected: \"inbox\" or \"group:<name>\")");
        }
        if (log.startsWith(GROUP_PREFIX)) {
            Requests.group(log.substring(GROUP_PREFIX.length()));
        }
        if (seq <= 0) {
            throw new IllegalArgumentException("seq: " + seq + " (expected: > 0)");
        }
    }

    public static String groupLog(String group) {
        return GROUP_PREFIX + group;
    }
}
