package io.parley.protocol.message;

/**
 * Extension: cumulative receipt — the client holds every message of {@code log} up to and including
 * {@code seq}. {@code log} is {@code "inbox"} for private messages or {@code "group:<name>"} ({@link LogNames}).
 */
public record AckMes(String log, long seq) implements ClientMessage {
    public AckMes {
        LogNames.check(log);
        if (seq <= 0) {
            throw new IllegalArgumentException("seq: " + seq + " (expected: > 0)");
        }
    }
}
