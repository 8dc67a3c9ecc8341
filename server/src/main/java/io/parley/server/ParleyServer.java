package io.parley.server;

import static java.util.Objects.requireNonNull;

import io.parley.server.cluster.RedisPeers;
import io.parley.server.service.ChatService;
import io.parley.server.service.Peers;
import io.parley.server.store.Stores;
import io.parley.server.store.TokenKeys;
import io.parley.server.store.redis.RedisConnections;
import io.parley.server.store.redis.RedisStores;
import io.parley.server.store.sqlite.SqliteStores;
import io.parley.server.transport.Backpressure;
import io.parley.server.transport.NettyTransport;
import io.parley.server.transport.WebSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final AtomicBoolean closed = new AtomicBoolean();

    private ParleyServer(
            Stores stores, RedisPeers peers, ChatService service, NettyTransport transport, TokenKeyCheck keyCheck) {
        this.stores = stores;
        this.peers = peers;
        this.service = service;
        this.transport = transport;
        this.keyCheck = keyCheck;
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
        Stores stores = redis == null
                ? SqliteStores.open(config.dataDir())
                : RedisStores.owning(redis, RedisPeers.announcements(config.nodeId()));
        RedisPeers peers = null;
        ChatService service = null;
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
            NettyTransport transport = new NettyTransport(service, config.transport(backpressure));
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
            return new ParleyServer(
                    stores,
                    peers,
                    service,
                    transport,
                    new TokenKeyCheck(service, config.tokens().keyCheckSeconds()));
        } catch (Exception | Error e) {
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
