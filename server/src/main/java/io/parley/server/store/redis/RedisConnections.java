package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Redis a node works on, single or Cluster: one pipelined connection for commands, shared by every store
 * and every user of this process, and subscriber connections for the cluster's pub/sub.
 *
 * <p>URIs: {@code redis://host:port[/db]} for one Redis, {@code redis-cluster://h1:p1,h2:p2,...} for a Redis
 * Cluster (any reachable subset of its nodes; the rest is discovered).
 *
 * <p>When Redis goes away, commands fail at once instead of queueing ({@code REJECT_COMMANDS}) and no command
 * waits longer than {@link #COMMAND_TIMEOUT} for its answer (nor, on a message log, as long again in
 * {@link LogCommands} to be sent): a message that cannot be stored is refused to its sender, who
 * sends it again, rather than acknowledged late or never. Lettuce reconnects by itself, and then calls the
 * {@link #onReconnect} listeners, which repair what the outage may have broken.
 */
public final class RedisConnections implements AutoCloseable {
    public static final String CLUSTER_SCHEME = "redis-cluster://";
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Commands awaiting their reply on the shared connection (per node in a Cluster); past it Lettuce refuses
     * new ones at once ("Request queue size exceeded") and the request is refused to its client (503) instead
     * of the pipeline growing without bound. Lettuce's default is unbounded. 65,536: about half a second of a
     * Redis' work at the ~100,000 commands/s one Redis serves, and far above the ~12,000 the heaviest benchmark
     * keeps in flight (1,000 users × window 4 × ~3 commands per message).
     */
    static final int REQUEST_QUEUE_SIZE = 65_536;
    /**
     * Between two attempts to reconnect: 10 ms doubling up to 1 s, with jitter. Lettuce's default doubles up to
     * 30 s, so a Redis that was down for some seconds was found again only seconds after it came back, and the node
     * refused every send meanwhile (503). One connection attempt per second per connection costs Redis nothing.
     */
    static final Delay RECONNECT_DELAY =
            Delay.equalJitter(Duration.ofMillis(10), Duration.ofSeconds(1), 10, TimeUnit.MILLISECONDS);

    /** Long enough for in-flight replies to land, short enough not to slow down a stop. */
    private static final Duration QUIET_PERIOD = Duration.ofMillis(100);

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final AbstractRedisClient client;
    private final ClientResources resources;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final ScriptCalls scripts;
    private final String description;
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private final List<StatefulConnection<String, String>> subscribers = new CopyOnWriteArrayList<>();

    private RedisConnections(
            AbstractRedisClient client,
            ClientResources resources,
            StatefulConnection<String, String> connection,
            RedisClusterAsyncCommands<String, String> commands,
            String description) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.commands = commands;
        this.scripts = new ScriptCalls(commands);
        this.description = description;
    }

    /** Connects with Lettuce's default threads, failing here if Redis cannot be reached. */
    public static RedisConnections open(String uri) {
        return open(uri, 0);
    }

    /**
     * Connects, failing here if Redis cannot be reached. Call once per process. {@code threads} is how many
     * I/O and how many callback threads Lettuce runs, 0 for its defaults (as many as cores): several nodes
     * on one machine spend less on waking threads with fewer.
     */
    public static RedisConnections open(String uri, int threads) {
        requireNonNull(uri, "uri");
        ClientResources.Builder builder = ClientResources.builder().reconnectDelay(RECONNECT_DELAY);
        if (threads > 0) {
            builder.ioThreadPoolSize(threads).computationThreadPoolSize(threads);
        }
        ClientResources resources = builder.build();
        try {
            return uri.startsWith(CLUSTER_SCHEME) ? openCluster(uri, resources) : openSingle(uri, resources);
        } catch (RuntimeException e) {
            // Best effort: the failed open's own error is what the caller gets.
            var unused = resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private static RedisConnections openSingle(String uri, ClientResources resources) {
        RedisURI parsed = RedisURI.create(uri);
        RedisClient client = RedisClient.create(resources, parsed);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .build());
        try {
            var connection = client.connect();
            RedisConnections redis =
                    new RedisConnections(client, resources, connection, connection.async(), describe(parsed));
            redis.watch(client);
            return redis;
        } catch (RuntimeException e) {
            client.shutdown(QUIET_PERIOD, SHUTDOWN_TIMEOUT);
            throw e;
        }
    }

    private static RedisConnections openCluster(String uri, ClientResources resources) {
        List<RedisURI> seeds = new ArrayList<>();
        for (String hostPort : uri.substring(CLUSTER_SCHEME.length()).split(",", -1)) {
            if (!hostPort.isBlank()) {
                seeds.add(RedisURI.create("redis://" + hostPort.strip()));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no Redis Cluster nodes in " + uri);
        }
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                // Follow failovers and resharding as soon as a MOVED or a lost node says the map changed: every
                // adaptive trigger, which Lettuce 7 turns on by default (enableAllAdaptiveRefreshTriggers is a no-op).
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.create())
                .build());
        try {
            var connection = client.connect();
            warmUp(connection);
            RedisConnections redis = new RedisConnections(
                    client,
                    resources,
                    connection,
                    connection.async(),
                    "redis cluster " + uri.substring(CLUSTER_SCHEME.length()));
            redis.watch(client);
            return redis;
        } catch (RuntimeException e) {
            client.shutdown(QUIET_PERIOD, SHUTDOWN_TIMEOUT);
            throw e;
        }
    }

    /**
     * Lettuce opens its connection to each master on the first command for one of its slots, and with
     * REJECT_COMMANDS that command, finding the connection still opening, is refused: so open them all now,
     * with one EXISTS per master, tried again until it goes through.
     */
    private static void warmUp(StatefulRedisClusterConnection<String, String> connection) {
        Map<String, String> keyPerMaster = new HashMap<>();
        for (int i = 0; keyPerMaster.size() < connection.getPartitions().size() && i < 100_000; i++) {
            String key = "parley:warm-up:" + i;
            RedisClusterNode owner = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
            if (owner != null) {
                keyPerMaster.putIfAbsent(owner.getNodeId(), key);
            }
        }
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        for (String key : keyPerMaster.values()) {
            while (true) {
                try {
                    connection.sync().exists(key);
                    break;
                } catch (RedisException stillConnecting) {
                    if (System.nanoTime() > deadline) {
                        throw stillConnecting;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }
        }
    }

    private void watch(AbstractRedisClient client) {
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // Lettuce calls this for the first connect too, before open() returns; nobody listens yet then.
                reconnectListeners.forEach(Runnable::run);
            }
        });
    }

    /** The command connection, pipelined; safe from any thread. */
    public RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    ScriptCalls scripts() {
        return scripts;
    }

    /** True for one Redis, false for a Redis Cluster, where a command's keys must all be in one slot. */
    boolean oneServer() {
        return client instanceof RedisClient;
    }

    /** A new subscriber connection; Lettuce subscribes its channels again after a reconnect. */
    public StatefulRedisPubSubConnection<String, String> subscriber() {
        StatefulRedisPubSubConnection<String, String> subscriber =
                client instanceof RedisClusterClient c ? c.connectPubSub() : ((RedisClient) client).connectPubSub();
        subscribers.add(subscriber);
        return subscriber;
    }

    /** Runs {@code listener} on a Lettuce thread each time a connection to Redis comes back; it must not block. */
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(requireNonNull(listener, "listener"));
    }

    /** Where the data lives, never the password. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        subscribers.forEach(StatefulConnection::close);
        connection.close();
        scripts.close();
        client.shutdown(QUIET_PERIOD, SHUTDOWN_TIMEOUT);
        // Resources handed to a client are not the client's to stop.
        resources
                .shutdown(QUIET_PERIOD.toMillis(), SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis());
    }

    private static String describe(RedisURI uri) {
        String where = uri.getSocket() != null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort();
        return "redis " + where + "/" + uri.getDatabase();
    }
}
