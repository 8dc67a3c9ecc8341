package io.parley.server.transport;

import io.parley.server.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may hold a connection, and for how long before logging in (docs/security.md, Admission).
 *
 * @param firstFrameMillis     a new connection must send its first complete frame within this
 * @param loginMillis          and complete a login within this, both counted from the accept
 * @param perAddress           connections one remote address (an IPv6 /64) may hold at once
 * @param maxConnections       connections the server holds at once; 0 derives it from the process's descriptor
 *                             limit less {@code descriptorReserve}, and a larger value is lowered to that too
 * @param descriptorReserve    descriptors kept for the server's own files, sockets and the store
 * @param keepAliveIdleSeconds TCP keepalive probes start after this much silence on a connection
 */
public record AdmissionLimits(
        int firstFrameMillis,
        int loginMillis,
        int perAddress,
        int maxConnections,
        int descriptorReserve,
        int keepAliveIdleSeconds) {
    public static final AdmissionLimits DEFAULTS = new AdmissionLimits(5_000, 20_000, 64, 0, 256, 60);

    public AdmissionLimits {
        List<String> problems = new ArrayList<>();
        if (firstFrameMillis <= 0) {
            problems.add("firstFrameMillis: " + firstFrameMillis + " (expected: > 0)");
        }
        if (loginMillis < firstFrameMillis) {
            problems.add("loginMillis: " + loginMillis + " (expected: >= firstFrameMillis)");
        }
        if (perAddress <= 0) {
            problems.add("connectionsPerAddress: " + perAddress + " (expected: > 0)");
        }
        if (maxConnections < 0) {
            problems.add("maxConnections: " + maxConnections + " (expected: 0 for the descriptor limit, or > 0)");
        }
        if (descriptorReserve < 0) {
            problems.add("descriptorReserve: " + descriptorReserve + " (expected: >= 0)");
        }
        if (keepAliveIdleSeconds <= 0) {
            problems.add("keepAliveIdleSeconds: " + keepAliveIdleSeconds + " (expected: > 0)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The keys of a properties file, each defaulting to {@code d}'s value. */
    public static AdmissionLimits load(ConfigReader p, AdmissionLimits d) {
        return new AdmissionLimits(
                p.integer("firstFrameMillis", d.firstFrameMillis),
                p.integer("loginMillis", d.loginMillis),
                p.integer("connectionsPerAddress", d.perAddress),
                p.integer("maxConnections", d.maxConnections),
                p.integer("descriptorReserve", d.descriptorReserve),
                p.integer("keepAliveIdleSeconds", d.keepAliveIdleSeconds));
    }

    /** The login deadline under {@code --load-test}. */
    public static final int LOAD_TEST_LOGIN_MILLIS = 3_600_000;

    /**
     * With {@code --load-test}: no per-address cap, since a load generator is one address, and an hour to log
     * in, since it registers its users in bulk on a few connections that never log in (a benchmark's eight
     * registrars each register hundreds of users, one password hash after another). The first-frame deadline
     * and the global cap stay.
     */
    public AdmissionLimits forLoadTest() {
        return new AdmissionLimits(
                firstFrameMillis,
                Math.max(loginMillis, LOAD_TEST_LOGIN_MILLIS),
                Integer.MAX_VALUE,
                maxConnections,
                descriptorReserve,
                keepAliveIdleSeconds);
    }

    /**
     * The global cap for a process allowed {@code descriptorLimit} open files (0 or less: unknown, as on a
     * JVM that cannot say): {@code maxConnections} when set, never above the limit less the reserve, since a
     * connection accepted past it would fail the store's next file open instead.
     *
     * @throws IllegalStateException when the reserve leaves no descriptor for connections
     */
    public int connectionCap(long descriptorLimit) {
        long budget = descriptorLimit > 0 ? descriptorLimit - descriptorReserve : Integer.MAX_VALUE;
        if (budget < 1) {
            throw new IllegalStateException(
                    "the process may open " + descriptorLimit + " files and descriptorReserve is " + descriptorReserve
                            + ": no room for connections (raise ulimit -n or lower descriptorReserve)");
        }
        long cap = maxConnections > 0 ? Math.min(maxConnections, budget) : budget;
        return (int) Math.min(cap, Integer.MAX_VALUE);
    }

    /**
     * How many refused connections may wait for their first frame to be told why (the rest are closed at
     * once): half the reserve, since each holds a descriptor while it waits.
     */
    public int refusalsWaiting() {
        return descriptorReserve / 2;
    }
}
