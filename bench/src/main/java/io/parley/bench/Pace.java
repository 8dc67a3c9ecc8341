package io.parley.bench;

/**
 * How hard the senders push: a closed loop with at most {@code window} unacknowledged messages per sender,
 * or an open loop at a fixed total {@code rate} of messages per second shared by all senders.
 */
public record Pace(int window, double rate) {
    /** Under a fixed rate, a sender with this many unacknowledged messages skips its turn instead of queuing. */
    static final int RATE_MAX_IN_FLIGHT = 1000;

    public Pace {
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: >= 0)");
        }
        if (rate == 0 && window <= 0) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
    }

    public static Pace window(int window) {
        return new Pace(window, 0);
    }

    public static Pace rate(double messagesPerSecond) {
        if (messagesPerSecond <= 0) {
            throw new IllegalArgumentException("rate: " + messagesPerSecond + " (expected: > 0)");
        }
        return new Pace(0, messagesPerSecond);
    }

    public boolean fixedRate() {
        return rate > 0;
    }

    @Override
    public String toString() {
        return fixedRate() ? "rate " + rate + "/s" : "window " + window;
    }
}
