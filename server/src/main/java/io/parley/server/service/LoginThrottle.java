package io.parley.server.service;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Growing delays after failed logins, kept per address and per (address, account) — never per account alone,
 * so that guesses from one address cannot lock the account's owner out at another. After a failure the key
 * waits {@code failureDelayMillis}, doubled for every further failure up to {@code maxFailureDelayMillis};
 * an address pays only after {@link #FREE_ADDRESS_FAILURES}, so that a classroom behind one address can
 * mistype passwords. A success clears its (address, account) key. Thread-safe.
 */
final class LoginThrottle {
    /**
     * Failures an address makes before its own delay starts: what ejabberd's {@code mod_fail2ban} allows
     * ({@code c2s_max_auth_failures: 20}) before it bans the address.
     */
    static final int FREE_ADDRESS_FAILURES = 20;
    /** A key with no failure for this long starts afresh: fail2ban's default {@code findtime}. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final long baseNanos;
    private final long maxNanos;
    private final LongSupplier nanoTime;
    private final RecentTable<InetAddress, Tally> addresses;
    private final RecentTable<Attempt, Tally> accounts;

    private record Attempt(InetAddress address, int userId) {}

    private static final class Tally {
        int failures;
        /** No attempt on this key before this {@code nanoTime}. */
        long notBefore;
    }

    /**
     * @param capacity most addresses, and most (address, account) pairs, remembered at once
     * @param nanoTime {@link System#nanoTime()}, or a test's clock
     */
    LoginThrottle(LoginLimits limits, int capacity, LongSupplier nanoTime) {
        this.baseNanos = TimeUnit.MILLISECONDS.toNanos(limits.failureDelayMillis());
        this.maxNanos = TimeUnit.MILLISECONDS.toNanos(limits.maxFailureDelayMillis());
        this.nanoTime = nanoTime;
        this.addresses = new RecentTable<>(capacity, FORGET_AFTER.toNanos());
        this.accounts = new RecentTable<>(capacity, FORGET_AFTER.toNanos());
    }

    /**
     * 0 when a login as {@code userId} from {@code address} may be checked now, else the milliseconds until
     * it may. A key that has failed before lets one attempt through per delay, however many connections try
     * at once: the attempt let through holds the key for the delay it has earned so far.
     */
    synchronized long begin(InetAddress address, int userId) {
        long now = nanoTime.getAsLong();
        InetAddress block = AddressBlock.of(address);
        Tally byAddress = addresses.get(block, now);
        Tally byAccount = accounts.get(new Attempt(block, userId), now);
        long wait = Math.max(remaining(byAddress, now), remaining(byAccount, now));
        if (wait > 0) {
            return toMillis(wait);
        }
        hold(byAddress, now, byAddress == null ? 0 : delay(byAddress.failures - FREE_ADDRESS_FAILURES));
        hold(byAccount, now, byAccount == null ? 0 : delay(byAccount.failures));
        return 0;
    }

    /** Records a wrong password (or unknown user); returns how long to hold the failure reply, in milliseconds. */
    synchronized long failed(InetAddress address, int userId) {
        long now = nanoTime.getAsLong();
        InetAddress block = AddressBlock.of(address);
        Tally byAddress = addresses.touch(block, now, Tally::new);
        byAddress.failures++;
        byAddress.notBefore = now + delay(byAddress.failures - FREE_ADDRESS_FAILURES);
        Tally byAccount = accounts.touch(new Attempt(block, userId), now, Tally::new);
        byAccount.failures++;
        byAccount.notBefore = now + delay(byAccount.failures);
        return toMillis(Math.max(remaining(byAddress, now), remaining(byAccount, now)));
    }

    /** The right password: the (address, account) key starts afresh; the address keeps its count. */
    synchronized void succeeded(InetAddress address, int userId) {
        accounts.remove(new Attempt(AddressBlock.of(address), userId));
    }

    /** How many addresses and (address, account) pairs are remembered. */
    synchronized int size() {
        return addresses.size(nanoTime.getAsLong()) + accounts.size(nanoTime.getAsLong());
    }

    /** The delay after the {@code n}th counted failure: none before the first, then doubling up to the cap. */
    private long delay(int n) {
        if (n <= 0) {
            return 0;
        }
        long d = baseNanos;
        for (int i = 1; i < n && d > 0 && d < maxNanos; i++) {
            d *= 2;
        }
        return Math.min(d, maxNanos);
    }

    private static void hold(Tally tally, long now, long nanos) {
        if (tally != null && nanos > 0) {
            tally.notBefore = Math.max(tally.notBefore, now + nanos);
        }
    }

    private static long remaining(Tally tally, long now) {
        return tally == null ? 0 : Math.max(0, tally.notBefore - now);
    }

    private static long toMillis(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }
}
