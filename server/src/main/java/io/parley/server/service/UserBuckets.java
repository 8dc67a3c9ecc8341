package io.parley.server.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One message-rate bucket per user, shared by all of that user's sessions on this node, whichever event loop
 * each runs on. In a cluster each node keeps its own, so a user connected to n nodes may send n times the rate:
 * sharing the buckets would cost a Redis round trip per message.
 *
 * <p>Bounded: a bucket that has refilled completely is worth no more than a fresh one, so it is dropped. The
 * map is swept when it has doubled since the last sweep, which keeps the sweeping cost constant per message
 * and the map within twice the number of users who sent lately (plus {@link #MIN_SWEEP}).
 */
final class UserBuckets {
    /** Below this many buckets the map is never swept: sweeping a small map would only cost time. */
    static final int MIN_SWEEP = 1024;

    private final double perSecond;
    private final int burst;
    private final LongSupplier ticker;
    private final ConcurrentMap<Integer, Entry> buckets = new ConcurrentHashMap<>();
    private volatile int sweepAt = MIN_SWEEP;

    /** @param ticker nanoseconds, as {@link System#nanoTime()} */
    UserBuckets(double perSecond, int burst, LongSupplier ticker) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.ticker = ticker;
    }

    /** Takes one of {@code userId}'s tokens: 0 when allowed, else the milliseconds to wait. */
    long take(int userId) {
        long now = ticker.getAsLong();
        while (true) {
            Entry entry = buckets.get(userId);
            if (entry == null) {
                Entry fresh = new Entry(new TokenBucket(perSecond, burst, now));
                entry = buckets.putIfAbsent(userId, fresh);
                if (entry == null) {
                    entry = fresh;
                    if (buckets.size() >= sweepAt) {
                        sweep(now);
                    }
                }
            }
            synchronized (entry) {
                if (!entry.dropped) {
                    return entry.bucket.take(now);
                }
            }
            // Swept between the lookup and the lock: take from the bucket that replaces it.
        }
    }

    /** How many users have a bucket now. */
    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        for (Map.Entry<Integer, Entry> e : buckets.entrySet()) {
            Entry entry = e.getValue();
            synchronized (entry) {
                if (entry.bucket.full(now)) {
                    entry.dropped = true;
                    buckets.remove(e.getKey(), entry);
                }
            }
        }
        sweepAt = Math.max(MIN_SWEEP, buckets.size() * 2);
    }

    private static final class Entry {
        final TokenBucket bucket;
        boolean dropped; // guarded by this

        Entry(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }
}
