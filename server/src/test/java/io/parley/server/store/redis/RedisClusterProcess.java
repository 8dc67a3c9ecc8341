package io.parley.server.store.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real three-master Redis Cluster for tests: three {@link RedisServerProcess}es in cluster mode, each in its
 * own temporary directory on a free loopback port, holding a third of the 16384 hash slots each, no replicas.
 * Set up over plain RESP (no {@code redis-cli}); {@link #start()} returns once every node reports
 * {@code cluster_state:ok} with all slots assigned. Only the processes started here are ever stopped.
 */
public final class RedisClusterProcess implements AutoCloseable {
    public static final int SLOTS = 16384;
    private static final int MASTERS = 3;
    /** A cluster node listens on its port and, for the cluster bus, on that port + 10000. */
    private static final int BUS_PORT_OFFSET = 10_000;

    private static final long READY_TIMEOUT_MILLIS = 30_000;
    private static final List<String> CLUSTER_ARGUMENTS = List.of(
            "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "2000");

    private final List<RedisServerProcess> nodes;

    private RedisClusterProcess(List<RedisServerProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts three masters, gives each a slot range, introduces them, and waits until the cluster is ok. */
    public static RedisClusterProcess start() throws IOException {
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < MASTERS; i++) {
                nodes.add(RedisServerProcess.start(CLUSTER_ARGUMENTS, RedisClusterProcess::portWithFreeBusPort));
            }
            RedisClusterProcess cluster = new RedisClusterProcess(nodes);
            cluster.assignSlots();
            RedisServerProcess first = nodes.get(0);
            for (RedisServerProcess other : nodes.subList(1, MASTERS)) {
                first.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(other.port()));
            }
            cluster.awaitOk();
            return cluster;
        } catch (IOException | RuntimeException e) {
            for (RedisServerProcess node : nodes) {
                try {
                    node.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}: the form the server takes. */
    public String uri() {
        return "redis-cluster://"
                + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /** The masters' ports; master {@code i} holds the {@code i}-th third of the slots. */
    public List<Integer> ports() {
        return nodes.stream().map(RedisServerProcess::port).toList();
    }

    /** The masters, for commands to one of them or to stop and start one ({@link #awaitOk()} after). */
    public List<RedisServerProcess> nodes() {
        return nodes;
    }

    /** Deletes every key on every master. */
    public void flushAll() throws IOException {
        for (RedisServerProcess node : nodes) {
            node.flushAll();
        }
    }

    /**
     * Waits until every master says {@code cluster_state:ok}, knows all three nodes, and sees every slot
     * assigned and served.
     */
    public void awaitOk() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean allOk = true;
            for (RedisServerProcess node : nodes) {
                last = "node on port " + node.port() + ":\n" + node.call("CLUSTER", "INFO");
                allOk &= isOk(last);
            }
            if (allOk) {
                return;
            }
            sleep(50);
        }
        throw new IOException("the Redis Cluster was not ok within " + READY_TIMEOUT_MILLIS + " ms; last " + last);
    }

    /** Stops the three masters and deletes their directories. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (RedisServerProcess node : nodes) {
            try {
                node.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Slots {@code [i * 16384 / 3, (i + 1) * 16384 / 3)} to master {@code i}. ADDSLOTS with every slot rather
     * than ADDSLOTSRANGE, which Redis 6.2 (the embedded fallback) lacks.
     */
    private void assignSlots() throws IOException {
        for (int i = 0; i < MASTERS; i++) {
            List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            IntStream.range(i * SLOTS / MASTERS, (i + 1) * SLOTS / MASTERS)
                    .mapToObj(Integer::toString)
                    .forEach(command::add);
            nodes.get(i).call(command.toArray(String[]::new));
        }
    }

    private static boolean isOk(String clusterInfo) {
        return clusterInfo.contains("cluster_state:ok")
                && clusterInfo.contains("cluster_slots_assigned:" + SLOTS)
                && clusterInfo.contains("cluster_slots_ok:" + SLOTS)
                && clusterInfo.contains("cluster_known_nodes:" + MASTERS);
    }

    /** A free port whose cluster bus port (+10000) is free and valid too. */
    private static int portWithFreeBusPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = RedisServerProcess.freePort();
            if (port + BUS_PORT_OFFSET <= 65_535 && isFree(port + BUS_PORT_OFFSET)) {
                return port;
            }
        }
        throw new IOException("found no free port whose port + " + BUS_PORT_OFFSET + " is free too");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Redis Cluster", e);
        }
    }
}
