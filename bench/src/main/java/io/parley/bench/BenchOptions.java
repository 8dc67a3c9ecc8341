package io.parley.bench;

import io.parley.client.ClientTls;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What every workload shares: the target, the users' ids, the bench's own resources and the limits of a
 * run. One immutable value validated on construction, changed with the {@code with...} methods or, several
 * settings at once, with {@link #toBuilder()}; defaults are the named constants and {@link #defaults()}. The
 * workloads' own sizes are in their own records.
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
 * @param webSocket     over WebSockets to the servers' HTTP ports (give those as the targets), not TCP frames
 */
public record BenchOptions(
        List<BenchTarget> servers,
        int sourceIps,
        int firstId,
        int threads,
        long serverPid,
        int concurrency,
        int contentBytes,
        Duration drainTimeout,
        boolean register,
        ClientTls tls,
        boolean webSocket) {
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

    public static BenchOptions defaults() {
        return new BenchOptions(
                List.of(new BenchTarget(DEFAULT_HOST, DEFAULT_PORT)),
                0,
                DEFAULT_FIRST_ID,
                DEFAULT_THREADS,
                0,
                DEFAULT_CONCURRENCY,
                DEFAULT_CONTENT_BYTES,
                DEFAULT_DRAIN_TIMEOUT,
                true,
                null,
                false);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Every user connects with TLS as {@code value} says; null for plain TCP. */
    public BenchOptions withTls(ClientTls value) {
        return toBuilder().tls(value).build();
    }

    /** One server. */
    public BenchOptions withTarget(String newHost, int newPort) {
        return withServers(List.of(new BenchTarget(newHost, newPort)));
    }

    /** Several server nodes (or one listed more than once), users spread over them round-robin. */
    public BenchOptions withServers(List<BenchTarget> value) {
        return toBuilder().servers(value).build();
    }

    public BenchOptions withSourceIps(int value) {
        return toBuilder().sourceIps(value).build();
    }

    public BenchOptions withFirstId(int value) {
        return toBuilder().firstId(value).build();
    }

    public BenchOptions withThreads(int value) {
        return toBuilder().threads(value).build();
    }

    public BenchOptions withServerPid(long value) {
        return toBuilder().serverPid(value).build();
    }

    public BenchOptions withConcurrency(int value) {
        return toBuilder().concurrency(value).build();
    }

    public BenchOptions withContentBytes(int value) {
        return toBuilder().contentBytes(value).build();
    }

    public BenchOptions withDrainTimeout(Duration value) {
        return toBuilder().drainTimeout(value).build();
    }

    public BenchOptions withRegister(boolean value) {
        return toBuilder().register(value).build();
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

    /** A mutable copy for changing several settings at once; {@link #build()} validates. */
    public static final class Builder {
        private List<BenchTarget> servers;
        private int sourceIps;
        private int firstId;
        private int threads;
        private long serverPid;
        private int concurrency;
        private int contentBytes;
        private Duration drainTimeout;
        private boolean register;
        private ClientTls tls;
        private boolean webSocket;

        private Builder(BenchOptions c) {
            servers = c.servers;
            sourceIps = c.sourceIps;
            firstId = c.firstId;
            threads = c.threads;
            serverPid = c.serverPid;
            concurrency = c.concurrency;
            contentBytes = c.contentBytes;
            drainTimeout = c.drainTimeout;
            register = c.register;
            tls = c.tls;
            webSocket = c.webSocket;
        }

        public Builder servers(List<BenchTarget> value) {
            servers = value;
            return this;
        }

        public Builder sourceIps(int value) {
            sourceIps = value;
            return this;
        }

        public Builder firstId(int value) {
            firstId = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder serverPid(long value) {
            serverPid = value;
            return this;
        }

        public Builder concurrency(int value) {
            concurrency = value;
            return this;
        }

        public Builder contentBytes(int value) {
            contentBytes = value;
            return this;
        }

        public Builder drainTimeout(Duration value) {
            drainTimeout = value;
            return this;
        }

        public Builder register(boolean value) {
            register = value;
            return this;
        }

        public Builder tls(ClientTls value) {
            tls = value;
            return this;
        }

        public Builder webSocket(boolean value) {
            webSocket = value;
            return this;
        }

        public BenchOptions build() {
            return new BenchOptions(
                    servers,
                    sourceIps,
                    firstId,
                    threads,
                    serverPid,
                    concurrency,
                    contentBytes,
                    drainTimeout,
                    register,
                    tls,
                    webSocket);
        }
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }
}
