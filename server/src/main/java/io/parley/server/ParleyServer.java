package io.parley.server;

import static java.util.Objects.requireNonNull;

import io.parley.server.service.ChatService;
import io.parley.server.store.Stores;
import io.parley.server.store.redis.RedisStores;
import io.parley.server.store.sqlite.SqliteStores;
import io.parley.server.transport.NettyTransport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: opens the store, builds the service, binds the transport. */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);

    private final Stores stores;
    private final ChatService service;
    private final NettyTransport transport;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ParleyServer(Stores stores, ChatService service, NettyTransport transport) {
        this.stores = stores;
        this.service = service;
        this.transport = transport;
    }

    /** Starts a server; when this returns it is accepting connections. */
    public static ParleyServer start(ServerConfig config) throws Exception {
        requireNonNull(config, "config");
        Stores stores = openStores(config);
        ChatService service = null;
        try {
            String tokenKey = stores.users().tokenKey(ChatService.newTokenKey()).get(30, TimeUnit.SECONDS);
            service = new ChatService(stores, new ChatService.Limits(config.maxFrameLength(),
                    config.maxContentLength(), config.heartbeatSeconds(), config.bcryptCost(),
                    config.presenceBroadcastLimit()), config.nodeId(), tokenKey);
            NettyTransport transport = new NettyTransport(service, config.host(), config.port(),
                    config.maxFrameLength(), config.heartbeatSeconds(), config.slowConsumerBytes());
            log.info("Parley started on {}:{} ({}, {}, node {})", config.host(), transport.port(),
                    transport.nativeEpoll() ? "epoll" : "nio", stores.description(), config.nodeId());
            return new ParleyServer(stores, service, transport);
        } catch (Exception | Error e) {
            if (service != null) {
                service.close();
            }
            stores.close();
            throw e;
        }
    }

    private static Stores openStores(ServerConfig config) throws Exception {
        if (config.redisUri() != null) {
            return RedisStores.open(config.redisUri());
        }
        return SqliteStores.open(config.dataDir());
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return transport.port();
    }

    /** Graceful stop, once: stop accepting, flush and close connections, then close the store after its queued writes. */
    @Override
    public void close() throws Exception {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Parley stopping ({} connections)", transport.connections());
        transport.close();
        service.close();
        stores.close();
        log.info("Parley stopped");
    }
}
