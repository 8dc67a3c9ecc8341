package io.parley.client;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request and message ids. The server remembers {@code clientMsgId}s per user across connections to
 * drop duplicates, so two client instances of one user must never produce the same id: each instance
 * starts from a random 64-bit prefix.
 */
final class ClientIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix = Long.toUnsignedString(RANDOM.nextLong(), 36) + "-";
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong lastPing = new AtomicLong();

    String next() {
        return prefix + Long.toString(next.incrementAndGet(), 36);
    }

    /** The wall-clock millis for a {@code PingMes}, made unique so pongs can be matched by it. */
    long pingTimestamp() {
        long now = System.currentTimeMillis();
        return lastPing.updateAndGet(prev -> Math.max(prev + 1, now));
    }
}
