package io.parley.server.service;

import io.parley.server.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;

/**
 * What bounds the expensive part of logging in: password hashing, and how fast one address may guess.
 *
 * @param hashQueue               password hashes waiting for a hashing thread; past it requests are refused
 * @param failureDelayMillis      the delay after a first failed login, doubled for each further failure
 * @param maxFailureDelayMillis   the longest such delay
 * @param registrationsPerHour    registrations one address may make per hour
 */
public record LoginLimits(int hashQueue, int failureDelayMillis, int maxFailureDelayMillis, int registrationsPerHour) {
    public static final LoginLimits DEFAULTS = new LoginLimits(256, 500, 30_000, 30);

    public LoginLimits {
        List<String> problems = new ArrayList<>();
        if (hashQueue <= 0) {
            problems.add("hashQueue: " + hashQueue + " (expected: > 0)");
        }
        if (failureDelayMillis < 0) {
            problems.add("loginFailureDelayMillis: " + failureDelayMillis + " (expected: >= 0)");
        }
        if (maxFailureDelayMillis < failureDelayMillis) {
            problems.add(
                    "loginFailureMaxDelayMillis: " + maxFailureDelayMillis + " (expected: >= loginFailureDelayMillis)");
        }
        if (registrationsPerHour <= 0) {
            problems.add("registrationsPerHour: " + registrationsPerHour + " (expected: > 0)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static LoginLimits load(ConfigReader p, LoginLimits d) {
        return new LoginLimits(
                p.integer("hashQueue", d.hashQueue),
                p.integer("loginFailureDelayMillis", d.failureDelayMillis),
                p.integer("loginFailureMaxDelayMillis", d.maxFailureDelayMillis),
                p.integer("registrationsPerHour", d.registrationsPerHour));
    }

    /**
     * With {@code --load-test}: no per-address registration limit and no failed-login delays (a load generator
     * is one address); the hash queue stays, since it protects the server rather than rations users.
     */
    public LoginLimits forLoadTest() {
        return new LoginLimits(hashQueue, 0, 0, Integer.MAX_VALUE);
    }
}
