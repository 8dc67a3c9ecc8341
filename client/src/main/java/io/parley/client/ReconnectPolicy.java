package io.parley.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Whether and how a {@link ParleyClient} reconnects by itself when its connection dies; part of
 * {@link ClientOptions}. Before each attempt the client waits a random delay below a cap that starts at
 * {@code initialBackoff} and doubles with every failed attempt up to {@code maxBackoff}, so that the
 * thousands of clients of a node that died do not all knock on the next node in the same millisecond.
 *
 * @param enabled         reconnect after the connection dies (not after {@link ParleyClient#close()} or
 *                        {@link ParleyClient#logout()}); never in legacy mode, which has no resume
 * @param initialBackoff  the cap of the first delay
 * @param maxBackoff      the largest cap
 * @param jitter          how the delay is drawn below the cap
 * @param maxQueuedSends  how many unacknowledged sends may wait while disconnected; a send beyond this
 *                        fails at once with {@link ParleyException} 503
 */
public record ReconnectPolicy(
        boolean enabled, Duration initialBackoff, Duration maxBackoff, Jitter jitter, int maxQueuedSends) {
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_QUEUED_SENDS = 1000;

    /** How a delay is drawn below the current cap. */
    public enum Jitter {
        /** Uniform in {@code [0, cap]}: spreads clients the most. */
        FULL,
        /** {@code cap/2} plus uniform in {@code [0, cap/2]}: never retries at once, still spread. */
        EQUAL
    }

    public ReconnectPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(jitter, "jitter");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff: " + initialBackoff + " (expected: > 0)");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff: " + maxBackoff + " (expected: >= initialBackoff " + initialBackoff + ")");
        }
        if (maxQueuedSends <= 0) {
            throw new IllegalArgumentException("maxQueuedSends: " + maxQueuedSends + " (expected: > 0)");
        }
    }

    /** Off, with 100 ms to 5 s of full jitter and 1,000 queued sends once switched on. */
    public static ReconnectPolicy disabled() {
        return new ReconnectPolicy(
                false, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, Jitter.FULL, DEFAULT_MAX_QUEUED_SENDS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public ReconnectPolicy withEnabled(boolean value) {
        return toBuilder().enabled(value).build();
    }

    public ReconnectPolicy withBackoff(Duration initial, Duration max) {
        return toBuilder().initialBackoff(initial).maxBackoff(max).build();
    }

    public ReconnectPolicy withJitter(Jitter value) {
        return toBuilder().jitter(value).build();
    }

    public ReconnectPolicy withMaxQueuedSends(int value) {
        return toBuilder().maxQueuedSends(value).build();
    }

    /** The cap before attempt {@code attempt} (0 for the first): doubled per attempt, at most the maximum. */
    long capNanos(int attempt) {
        long initial = initialBackoff.toNanos();
        long max = maxBackoff.toNanos();
        // Shifting further than the cap needs could overflow; 62 doublings exceed any Duration in nanos.
        int doublings = Math.min(Math.max(attempt, 0), 62);
        return initial > (max >> doublings) ? max : initial << doublings;
    }

    /** The delay before attempt {@code attempt}, drawn with {@code random} below {@link #capNanos}. */
    long delayNanos(int attempt, RandomGenerator random) {
        long cap = capNanos(attempt);
        return switch (jitter) {
            case FULL -> random.nextLong(cap + 1);
            case EQUAL -> cap / 2 + random.nextLong(cap - cap / 2 + 1);
        };
    }

    /** A mutable copy for changing several settings at once; {@link #build()} validates. */
    public static final class Builder {
        private boolean enabled;
        private Duration initialBackoff;
        private Duration maxBackoff;
        private Jitter jitter;
        private int maxQueuedSends;

        private Builder(ReconnectPolicy c) {
            enabled = c.enabled;
            initialBackoff = c.initialBackoff;
            maxBackoff = c.maxBackoff;
            jitter = c.jitter;
            maxQueuedSends = c.maxQueuedSends;
        }

        public Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        public Builder initialBackoff(Duration value) {
            initialBackoff = value;
            return this;
        }

        public Builder maxBackoff(Duration value) {
            maxBackoff = value;
            return this;
        }

        public Builder jitter(Jitter value) {
            jitter = value;
            return this;
        }

        public Builder maxQueuedSends(int value) {
            maxQueuedSends = value;
            return this;
        }

        public ReconnectPolicy build() {
            return new ReconnectPolicy(enabled, initialBackoff, maxBackoff, jitter, maxQueuedSends);
        }
    }
}
