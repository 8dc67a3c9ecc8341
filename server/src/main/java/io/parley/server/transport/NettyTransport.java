package io.parley.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Ticker;
import io.parley.protocol.codec.MessageCodec;
import io.parley.server.metrics.ServerMetrics;
import io.parley.server.service.ChatService;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets and their event loops; native epoll where available. The plaintext listener is always
 * there (the tutorial's client needs it); a TLS listener, when configured, shares the event loops, the
 * connection group and the service with it.
 */
public final class NettyTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("parley", GlobalEventExecutor.INSTANCE);
    private final Channel server;
    /** Null without TLS. */
    private final Channel tlsServer;
    /** The HTTP listener for the web client and WebSocket connections; null when off. */
    private final Channel webServer;
    /** The same over TLS; null when off. */
    private final Channel httpsServer;

    private final String tlsDescription;
    private final boolean epoll;
    private final IdleSweeper sweeper;
    private final AdmissionControl control;

    /** Binds and starts accepting; {@code port} 0 picks a free port, {@code ioThreads} 0 Netty's default. */
    public NettyTransport(ChatService service, TransportSettings settings) throws InterruptedException {
        this(service, settings, new ServerMetrics());
    }

    /** Like {@link #NettyTransport(ChatService, TransportSettings)}, counting into {@code metrics}. */
    public NettyTransport(ChatService service, TransportSettings settings, ServerMetrics metrics)
            throws InterruptedException {
        AdmissionLimits admission = settings.admission();
        TlsSettings tls = settings.tls();
        WebSettings web = settings.web();
        // Read before anything starts, so that a bad certificate stops the start at once.
        ServerTls serverTls =
                tls.enabled() || web.httpsEnabled() ? ServerTls.load(tls, admission.firstFrameMillis()) : null;
        StaticFiles pages = web.enabled() || web.httpsEnabled()
                ? StaticFiles.fromClasspath(NettyTransport.class.getClassLoader(), StaticFiles.CLASSPATH_ROOT)
                : StaticFiles.NONE;
        long descriptors = DescriptorLimit.ofProcess();
        // First: a reserve that leaves no room for connections fails the start, before any thread is started.
        int cap = admission.connectionCap(descriptors);
        epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(settings.ioThreads(), io);
        SessionHandler sessions =
                new SessionHandler(service, channels, settings.slowConsumerBytes(), settings.backpressure(), metrics);
        control = new AdmissionControl(
                admission, cap, boss.next(), Ticker.systemTicker(), Connections::loggedIn, metrics);
        ParleyChannelInitializer plaintext =
                new ParleyChannelInitializer(MessageCodec.server(), settings.maxFrameLength(), sessions, control);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                // One allocator for every connection: it only holds its size limits (each connection's guess lives
                // in its own handle), where Netty's default config makes one per connection (32 bytes each).
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator())
                .childHandler(plaintext);
        KeepAlive.configure(bootstrap, epoll, admission.keepAliveIdleSeconds());
        List<Channel> bound = new ArrayList<>();
        try {
            server = bind(bootstrap, settings.host(), settings.port(), "--port", bound);
            tlsServer = serverTls == null
                    ? null
                    : bind(
                            bootstrap.clone().childHandler(plaintext.withTls(serverTls)),
                            settings.host(),
                            tls.port(),
                            "--tls-port",
                            bound);
            WebChannelInitializer browsers = new WebChannelInitializer(
                    web, MessageCodec.server(), settings.maxFrameLength(), pages, sessions, control);
            webServer = !web.enabled()
                    ? null
                    : bind(bootstrap.clone().childHandler(browsers), settings.host(), web.port(), "--http-port", bound);
            httpsServer = !web.httpsEnabled()
                    ? null
                    : bind(
                            bootstrap.clone().childHandler(browsers.withTls(serverTls)),
                            settings.host(),
                            web.httpsPort(),
                            "--https-port",
                            bound);
        } catch (InterruptedException | RuntimeException e) {
            bound.forEach(c -> c.close().syncUninterruptibly());
            control.close();
            // Best effort: the failed bind's own error is what the caller gets.
            var unusedBoss = boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            var unusedWorkers = workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        tlsDescription = serverTls == null ? "" : serverTls.description();
        if (!pages.isEmpty()) {
            log.debug("web client: {} files", pages.size());
        }
        sweeper = new IdleSweeper(channels, boss.next(), settings.heartbeatSeconds() * 3, metrics);
        metrics.gauge(
                "parley_sessions",
                "Logged-in connections on this node",
                () -> channels.stream().filter(Connections::loggedIn).count());
        log.info(
                "admitting up to {} connections (descriptor limit {}, reserve {}), {} per address",
                cap,
                descriptors == 0 ? "unknown" : descriptors,
                admission.descriptorReserve(),
                admission.perAddress() == Integer.MAX_VALUE ? "any number" : admission.perAddress());
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The TLS listener's bound port, or -1 without one. */
    public int tlsPort() {
        return tlsServer == null ? -1 : ((InetSocketAddress) tlsServer.localAddress()).getPort();
    }

    /** The HTTP listener's bound port, or -1 without one. */
    public int webPort() {
        return webServer == null ? -1 : ((InetSocketAddress) webServer.localAddress()).getPort();
    }

    /** The HTTPS listener's bound port, or -1 without one. */
    public int httpsPort() {
        return httpsServer == null ? -1 : ((InetSocketAddress) httpsServer.localAddress()).getPort();
    }

    /**
     * Binds one listener, adding it to {@code bound} so that a later failure closes it. A port that cannot be
     * taken stops the start with a sentence that names it and the flag that changes it, not a stack trace.
     */
    private static Channel bind(ServerBootstrap bootstrap, String host, int port, String flag, List<Channel> bound)
            throws InterruptedException {
        ChannelFuture bind = bootstrap.bind(new InetSocketAddress(host, port)).await();
        if (!bind.isSuccess()) {
            Throwable cause = bind.cause();
            String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new ListenException(
                    "cannot listen on " + host + ":" + port + " (" + flag + "): " + reason
                            + (reason.contains("in use")
                                    ? "; another program holds it: give " + flag + " another port"
                                    : ""),
                    cause);
        }
        bound.add(bind.channel());
        return bind.channel();
    }

    /** The TLS provider and protocols, or "" without TLS. */
    public String tlsDescription() {
        return tlsDescription;
    }

    public boolean nativeEpoll() {
        return epoll;
    }

    public int connections() {
        return channels.size();
    }

    /** The admitted connections, for tests that look at an accepted channel. */
    ChannelGroup channels() {
        return channels;
    }

    /** Stops accepting, lets queued writes go out, closes every connection, stops the event loops. */
    @Override
    public void close() {
        sweeper.close();
        control.close();
        server.close().syncUninterruptibly();
        if (tlsServer != null) {
            tlsServer.close().syncUninterruptibly();
        }
        if (webServer != null) {
            webServer.close().syncUninterruptibly();
        }
        if (httpsServer != null) {
            httpsServer.close().syncUninterruptibly();
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.debug("transport closed");
    }
}
