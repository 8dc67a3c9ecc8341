package io.parley.server.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What keeps logins and registrations cheap to refuse and expensive to abuse, built once per service from
 * {@link LoginLimits}: the bounded hash pool, the failed-login delays, registrations per address, and the
 * failed-login log lines.
 */
record LoginGuards(
        PasswordHasher hasher, LoginThrottle throttle, RegistrationLimiter registrations, FailedLogins failures)
        implements AutoCloseable {
    /**
     * Addresses (and address-account pairs) each table remembers: about 100 bytes an entry, so a few MB at
     * most however many addresses an attacker has; past it the least recent are forgotten.
     */
    static final int REMEMBERED = 50_000;
    /** Failed logins are reported once per this many seconds at most. */
    static final int REPORT_SECONDS = 10;
    /** Addresses told apart in one report; more share one line. */
    static final int REPORTED_ADDRESSES = 20;

    static LoginGuards of(LoginLimits limits, int bcryptCost) {
        return new LoginGuards(
                new PasswordHasher(bcryptCost, limits.hashQueue()),
                new LoginThrottle(limits, REMEMBERED, System::nanoTime),
                new RegistrationLimiter(limits.registrationsPerHour(), REMEMBERED, System::nanoTime),
                new FailedLogins(
                        CompletableFuture.delayedExecutor(REPORT_SECONDS, TimeUnit.SECONDS),
                        REPORTED_ADDRESSES,
                        System::nanoTime));
    }

    @Override
    public void close() {
        hasher.close();
    }
}
