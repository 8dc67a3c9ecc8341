package io.parley.server.service;

import io.parley.server.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Token buckets: how fast one user may send chat messages, and one connection may ask for history, lists and
 * watches.
 *
 * @param messagesPerSecond messages a user may send per second, sustained
 * @param messageBurst      messages a user may send at once after a quiet spell
 * @param requestsPerSecond history, list and watch requests a connection may make per second, sustained
 * @param requestBurst      such requests at once after a quiet spell
 */
public record RateLimits(double messagesPerSecond, int messageBurst, double requestsPerSecond, int requestBurst) {
    public static final RateLimits DEFAULTS = new RateLimits(10, 50, 5, 20);
    /** What {@code --load-test} sets: nothing a load generator can reach. */
    public static final RateLimits UNLIMITED = new RateLimits(1e9, Integer.MAX_VALUE, 1e9, Integer.MAX_VALUE);

    public RateLimits {
        List<String> problems = new ArrayList<>();
        if (!(messagesPerSecond > 0)) {
            problems.add("messagesPerSecond: " + messagesPerSecond + " (expected: > 0)");
        }
        if (messageBurst < 1) {
            problems.add("messageBurst: " + messageBurst + " (expected: >= 1)");
        }
        if (!(requestsPerSecond > 0)) {
            problems.add("requestsPerSecond: " + requestsPerSecond + " (expected: > 0)");
        }
        if (requestBurst < 1) {
            problems.add("requestBurst: " + requestBurst + " (expected: >= 1)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static RateLimits load(ConfigReader p, RateLimits d) {
        return new RateLimits(
                p.decimal("messagesPerSecond", d.messagesPerSecond),
                p.integer("messageBurst", d.messageBurst),
                p.decimal("requestsPerSecond", d.requestsPerSecond),
                p.integer("requestBurst", d.requestBurst));
    }

    public RateLimits forLoadTest() {
        return UNLIMITED;
    }
}
