package io.parley.bench;

import io.parley.client.ClientTls;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What every workload shares: the target, the users' ids, the bench's own resources and the limits of a
 * run. One immutable value; the workloads' own sizes are in their own records.
 *
 * @param servers       the server nodes; user {@code i} connects (and registers) to node {@code i mod n}
 * @param sourceIps     0 to let the system pick the source address; otherwise connections are spread over
 *                      127.0.0.2 … 127.0.0.(1+n), so that their number is not capped by one address's
 *                      ephemeral ports (loopback targets only)
 * @param firstId       the first user id the bench uses; user {@code i} of a workload is {@code firstId + i}
 * @param threads       event loop threads for all the simulated users
 * @param serverPid     the server's process id for CPU and memory readings from /proc; 0 for none
 * @param concurrency   logins (and registrations) in flight at once; each costs the server a password hash
 * @param contentBytes  the length of each message's text; at least the stamp the bench puts in it
 * @param drainTimeout  how long to wait, after the last send is acknowledged, for deliveries still on the way
 * @param register      register the users first (505 "taken" counts as done); off when they already exist
 * @param tls           TLS to the servers' TLS ports, or null for plain TCP
 */
public record BenchOptions(List<BenchTarget> servers, int sourceIps, int firstId, int threads, long serverPid,
                           int concurrency, int contentBytes, Duration drainTimeout, boolean register,
                           ClientTls tls) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8889;
    public static final int DEFAULT_FIRST_ID = 1_000_000;
    public static final int DEFAULT_THREADS = 2;
    public static final int DEFAULT_CONCURRENCY = 32;
    public static final int DEFAULT_CONTENT_BYTES = 64;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** 127.0.0.2 up to 127.0.0.254. */
    public static final int MAX_SOURCE_IPS = 253;

    public BenchOptions {
        servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers: none (expected: at least one host:port)");
        }
        check("sourceIps", sourceIps, 0, MAX_SOURCE_IPS);
        check("firstId", firstId, 1, Integer.MAX_VALUE);
        check("threads", threads, 1, 256);
        check("concurrency", concurrency, 1, 100_000);
        check("contentBytes", contentBytes, 1, 1 << 20);
        if (serverPid < 0) {
            throw new IllegalArgumentException("serverPid: " + serverPid + " (expected: >= 0)");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout: " + drainTimeout + " (expected: >= 0)");
        }
    }

    /** Plain TCP. */
    public BenchOptions(List<BenchTarget> servers, int sourceIps, int firstId, int threads, long serverPid,
                        int concurrency, int contentBytes, Duration drainTimeout, boolean register) {
        this(servers, sourceIps, firstId, threads, serverPid, concurrency, contentBytes, drainTimeout, register, null);
    }

    public static BenchOptions defaults() {
        return new BenchOptions(List.of(new BenchTarget(DEFAULT_HOST, DEFAULT_PORT)), 0, DEFAULT_FIRST_ID,
                DEFAULT_THREADS, 0, DEFAULT_CONCURRENCY, DEFAULT_CONTENT_BYTES, DEFAULT_DRAIN_TIMEOUT, true);
    }

    /** Every user connects with TLS as {@code value} says; null for plain TCP. */
    public BenchOptions withTls(ClientTls value) {
        return new BenchOptions(servers, sourceIps, firstId, threads, serverPid, concurrency, contentBytes,
                drainTimeout, register, value);
    }

    /** One server. */
    public BenchOptions withTarget(String newHost, int newPort) {
        return withServers(List.of(new BenchTarget(newHost, newPort)));
    }

    /** Several server nodes (or one listed more than once), users spread over them round-robin. */
    public BenchOptions withServers(List<BenchTarget> value) {
        return new BenchOptions(value, sourceIps, firstId, threads, serverPid, concurrency, contentBytes,
                drainTimeout, register, tls);
    }

    public BenchOptions withFirstId(int value) {
        return new BenchOptions(servers, sourceIps, value, threads, serverPid, concurrency, contentBytes,
                drainTimeout, register, tls);
    }

    public BenchOptions withSourceIps(int value) {
        return new BenchOptions(servers, value, firstId, threads, serverPid, concurrency, contentBytes,
                drainTimeout, register, tls);
    }

    public BenchOptions withServerPid(long value) {
        return new BenchOptions(servers, sourceIps, firstId, threads, value, concurrency, contentBytes,
                drainTimeout, register, tls);
    }

    public BenchOptions withDrainTimeout(Duration value) {
        return new BenchOptions(servers, sourceIps, firstId, threads, serverPid, concurrency, contentBytes,
                value, register, tls);
    }

    /** The node of the workload's user number {@code index}: round-robin over {@link #servers}. */
    BenchTarget server(int index) {
        return servers.get(Math.floorMod(index, servers.size()));
    }

    /** The id of the workload's user number {@code index}, checked against overflow. */
    int userId(int index) {
        long id = (long) firstId + index;
        if (id > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("firstId " + firstId + " leaves no room for user " + index);
        }
        return (int) id;
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }
}
