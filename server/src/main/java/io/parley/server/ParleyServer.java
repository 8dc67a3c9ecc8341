package io.parley.server;

import static java.util.Objects.requireNonNull;

import io.parley.server.admin.AdminRequests;
import io.parley.server.admin.AdminServer;
import io.parley.server.admin.AdminToken;
import io.parley.server.cluster.RedisPeers;
import io.parley.server.metrics.ServerMetrics;
import io.parley.server.metrics.TimedStores;
import io.parley.server.service.Administration;
import io.parley.server.service.ChatService;
import io.parley.server.service.Peers;
import io.parley.server.store.Stores;
import io.parley.server.store.TokenKeys;
import io.parley.server.store.redis.RedisConnections;
import io.parley.server.store.redis.RedisStores;
import io.parley.server.store.sqlite.SqliteBackup;
import io.parley.server.store.sqlite.SqliteStores;
import io.parley.server.transport.Backpressure;
import io.parley.server.transport.NettyTransport;
import io.parley.server.transport.WebSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: opens the store, joins the cluster when on Redis, builds the service, binds the transport. */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);

    private final Stores stores;
    private final RedisPeers peers;
    private final ChatService service;
    private final NettyTransport transport;
    private final TokenKeyCheck keyCheck;
    /** Null when the admin listener is off. */
    private final AdminServer admin;

    private final AtomicBoolean closed = new AtomicBoolean();

    private ParleyServer(
            Stores stores,
            RedisPeers peers,
            ChatService service,
            NettyTransport transport,
            TokenKeyCheck keyCheck,
            AdminServer admin) {
        this.stores = stores;
        this.peers = peers;
        this.service = service;
        this.transport = transport;
        this.keyCheck = keyCheck;
        this.admin = admin;
    }

    /**
     * Starts a server; when this returns it is accepting connections. With Redis it is a node of the cluster
     * on that Redis: it joins (registers, subscribes, reads who is online) before it accepts anyone.
     */
    public static ParleyServer start(ServerConfig configured) throws Exception {
        return start(configured, Backpressure.DEFAULTS);
    }

    /** Like {@link #start(ServerConfig)}, with how far one connection may get ahead of the server. */
    public static ParleyServer start(ServerConfig configured, Backpressure backpressure) throws Exception {
        requireNonNull(configured, "configured");
        requireNonNull(backpressure, "backpressure");
        if (configured.loadTest()) {
            log.warn("--load-test: every per-address and per-user limit is lifted; never run a public server so");
        }
        ServerConfig config = configured.effective();
        RedisConnections redis =
                config.redisUri() == null ? null : RedisConnections.open(config.redisUri(), config.ioThreads());
        ServerMetrics metrics = new ServerMetrics().includingJvm();
        Stores stores = TimedStores.wrap(
                redis == null
                        ? SqliteStores.open(config.dataDir(), Duration.ofNanos(config.commitDelayMicros() * 1000L))
                        : RedisStores.owning(redis, RedisPeers.announcements(config.nodeId())),
                metrics);
        RedisPeers peers = null;
        ChatService service = null;
        NettyTransport transport = null;
        try {
            TokenKeys tokenKeys =
                    stores.sessions().tokenKeys(ChatService.newTokenKey()).get(30, TimeUnit.SECONDS);
            if (redis != null) {
                peers = new RedisPeers(
                        redis, stores.presence(), config.nodeId(), Duration.ofMillis(config.nodeTtlMillis()));
            }
            service = new ChatService(
                    stores,
                    new ChatService.Limits(
                            config.maxFrameLength(),
                            config.maxContentLength(),
                            config.heartbeatSeconds(),
                            config.bcryptCost(),
                            config.presenceBroadcastLimit(),
                            config.login(),
                            config.rates(),
                            config.quotas(),
                            config.tokens()),
                    config.nodeId(),
                    tokenKeys,
                    peers == null ? Peers.NONE : peers);
            if (peers != null) {
                peers.start(service.peerEvents());
            }
            gauges(metrics, stores, service, peers);
            transport = new NettyTransport(service, config.transport(backpressure), metrics);
            AdminServer admin = config.admin().enabled()
                    ? AdminServer.start(config.admin(), adminRequests(config, metrics, stores, service, transport))
                    : null;
            log.info(
                    "Parley started on {}:{} ({}, {}, node {})",
                    config.host(),
                    transport.port(),
                    transport.nativeEpoll() ? "epoll" : "nio",
                    stores.description(),
                    config.nodeId());
            if (transport.tlsPort() >= 0) {
                log.info(
                        "TLS on {}:{} ({}; certificate {} read at start: a new one takes a restart)",
                        config.host(),
                        transport.tlsPort(),
                        transport.tlsDescription(),
                        config.tls().cert());
            }
            for (String scheme : new String[] {"http", "https"}) {
                int port = scheme.equals("http") ? transport.webPort() : transport.httpsPort();
                if (port >= 0) {
                    log.info(
                            "web client on {}://{}:{}/, WebSocket at {} (origins: {})",
                            scheme,
                            config.host(),
                            port,
                            WebSettings.WEBSOCKET_PATH,
                            config.web().allowedOrigins().isEmpty()
                                    ? "the server's own"
                                    : String.join(", ", config.web().allowedOrigins()));
                }
            }
            if (admin != null) {
                log.info(
                        "admin on http://{}:{} (/metrics, /health; parley admin with the token in {})",
                        config.admin().host(),
                        admin.port(),
                        config.dataDir().resolve(AdminToken.FILE_NAME));
            }
            return new ParleyServer(
                    stores,
                    peers,
                    service,
                    transport,
                    new TokenKeyCheck(service, config.tokens().keyCheckSeconds()),
                    admin);
        } catch (Exception | Error e) {
            if (transport != null) {
                transport.close();
            }
            if (peers != null) {
                peers.close();
            }
            if (service != null) {
                service.close();
            }
            stores.close();
            throw e;
        }
    }

    /** The values read when /metrics is scraped. */
    private static void gauges(ServerMetrics metrics, Stores stores, ChatService service, RedisPeers peers) {
        metrics.gauge(
                "parley_users_online",
                "Users online on every node",
                () -> service.administration().usersOnline());
        metrics.gauge(
                "parley_password_hash_queue", "Password hashes waiting for a thread", service::passwordHashesWaiting);
        Map<String, DoubleSupplier> queues = new LinkedHashMap<>();
        SqliteStores.queues(stores).forEach((name, depth) -> queues.put(name, depth::getAsInt));
        if (!queues.isEmpty()) {
            metrics.gauges("parley_sqlite_queue", "SQLite work waiting for its thread", "queue", queues);
        }
        if (peers != null) {
            metrics.gauge(
                    "parley_cluster_heartbeat_age_seconds",
                    "Seconds since this node last renewed its heartbeat in Redis",
                    peers::secondsSinceHeartbeat);
        }
    }

    /** The admin listener's routes over this server's parts. */
    private static AdminRequests adminRequests(
            ServerConfig config, ServerMetrics metrics, Stores stores, ChatService service, NettyTransport transport)
            throws IOException {
        long startedAt = System.currentTimeMillis();
        return new AdminRequests(
                metrics,
                service.administration(),
                AdminToken.inFolder(config.dataDir()),
                () -> stores.users().find(0),
                () -> {
                    Map<String, Object> stats = new LinkedHashMap<>();
                    Administration.Who who = service.administration().who(0, 0);
                    stats.put("node", config.nodeId());
                    stats.put("store", stores.description());
                    stats.put("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000);
                    stats.put("connections", transport.connections());
                    stats.put("sessionsOnThisNode", who.onThisNode());
                    stats.put("usersOnline", who.online());
                    return stats;
                },
                config.redisUri() == null ? file -> SqliteBackup.copy(config.dataDir(), file) : null);
    }

    /** The admin listener's bound port, or -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return transport.port();
    }

    /** The bound HTTP port of the WebSocket endpoint, or -1 when it is off. */
    public int webPort() {
        return transport.webPort();
    }

    /** The HTTPS listener's bound port, or -1 without one. */
    public int httpsPort() {
        return transport.httpsPort();
    }

    /** The bound TLS port, or -1 when TLS is off. */
    public int tlsPort() {
        return transport.tlsPort();
    }

    /** Graceful stop, once: stop accepting, flush and close connections, then close the store after its queued writes. */
    @Override
    public void close() throws Exception {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Parley stopping ({} connections)", transport.connections());
        if (admin != null) {
            admin.close();
        }
        transport.close();
        keyCheck.close();
        service.close();
        if (peers != null) {
            peers.close();
        }
        stores.close();
        log.info("Parley stopped");
    }
}
