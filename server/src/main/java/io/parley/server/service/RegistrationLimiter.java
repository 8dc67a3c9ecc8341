package io.parley.server.service;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Registrations per address: a token bucket that holds {@code registrationsPerHour} and refills at that rate,
 * so a classroom behind one address can register together, and a script at one address gets an account a
 * couple of minutes at most. Thread-safe.
 */
final class RegistrationLimiter {
    /** A bucket untouched for this long has refilled completely, so forgetting it changes nothing. */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private static final double SECONDS_PER_HOUR = 3600;

    private final int perHour;
    private final LongSupplier nanoTime;
    private final RecentTable<InetAddress, TokenBucket> buckets;

    /**
     * @param capacity most addresses remembered at once
     * @param nanoTime {@link System#nanoTime()}, or a test's clock
     */
    RegistrationLimiter(int perHour, int capacity, LongSupplier nanoTime) {
        this.perHour = perHour;
        this.nanoTime = nanoTime;
        this.buckets = new RecentTable<>(capacity, FORGET_AFTER.toNanos());
    }

    /** 0 when {@code address} may register now (and that registration is counted), else milliseconds to wait. */
    synchronized long take(InetAddress address) {
        if (perHour == Integer.MAX_VALUE) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        return buckets.touch(
                        AddressBlock.of(address), now, () -> new TokenBucket(perHour / SECONDS_PER_HOUR, perHour, now))
                .take(now);
    }

    synchronized int size() {
        return buckets.size(nanoTime.getAsLong());
    }
}
