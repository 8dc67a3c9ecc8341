package io.parley.server.transport;

import io.parley.server.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may hold a connection, and for how long before logging in.
 *
 * @param firstFrameMillis     a new connection must send its first frame within this
 * @param loginMillis          and complete a login within this, counted from the connection
 * @param perAddress           connections one remote address may hold at once
 * @param maxConnections       connections the server holds at once; 0 derives it from the process's descriptor
 *                             limit less {@code descriptorReserve}
 * @param descriptorReserve    descriptors kept for the server's own files, sockets and the store
 * @param keepAliveIdleSeconds TCP keepalive probes start after this much silence on a logged-in connection
 */
public record AdmissionLimits(int firstFrameMillis, int loginMillis, int perAddress, int maxConnections,
                              int descriptorReserve, int keepAliveIdleSeconds) {
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
        return new AdmissionLimits(p.integer("firstFrameMillis", d.firstFrameMillis),
                p.integer("loginMillis", d.loginMillis), p.integer("connectionsPerAddress", d.perAddress),
                p.integer("maxConnections", d.maxConnections), p.integer("descriptorReserve", d.descriptorReserve),
                p.integer("keepAliveIdleSeconds", d.keepAliveIdleSeconds));
    }

    /** With {@code --load-test}: no per-address cap, since a load generator is one address. */
    public AdmissionLimits forLoadTest() {
        return new AdmissionLimits(firstFrameMillis, loginMillis, Integer.MAX_VALUE, maxConnections,
                descriptorReserve, keepAliveIdleSeconds);
    }
}
