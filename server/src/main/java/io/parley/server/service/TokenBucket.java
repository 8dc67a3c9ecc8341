package io.parley.server.service;

/**
 * A token bucket: up to {@code burst} tokens, refilled at {@code perSecond}; each action takes one. Not
 * thread-safe: a per-connection bucket is touched only on its session's executor, and a bucket shared by
 * the sessions of one user is guarded by {@link UserBuckets}.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double perNano;
    private final double burst;
    private double tokens;
    private long filledAt;

    /** A full bucket, as of {@code now} (nanoseconds of the caller's ticker). */
    TokenBucket(double perSecond, int burst, long now) {
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.tokens = burst;
        this.filledAt = now;
    }

    /**
     * Takes a token if there is one: 0 when taken, else how many milliseconds until one will be there
     * (at least 1), which is the {@code retryAfterMs} a refusal carries.
     */
    long take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e6));
    }

    /** Whether the bucket is full again by {@code now}: then it is worth no more than a new one. */
    boolean full(long now) {
        refill(now);
        return tokens >= burst;
    }

    private void refill(long now) {
        long elapsed = now - filledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            filledAt = now;
        }
    }
}
