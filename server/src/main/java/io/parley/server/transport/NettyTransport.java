package io.parley.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import io.parley.protocol.codec.MessageCodec;
import io.parley.server.service.ChatService;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listening socket and its event loops; native epoll where available. */
public final class NettyTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("parley", GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private final boolean epoll;
    private final IdleSweeper sweeper;

    /** Binds and starts accepting; {@code port} 0 picks a free port, {@code ioThreads} 0 Netty's default. */
    public NettyTransport(ChatService service, String host, int port, int maxFrameLength, int heartbeatSeconds,
                          int slowConsumerBytes, int ioThreads, AdmissionLimits admission, TlsSettings tls,
                          Backpressure backpressure)
            throws InterruptedException {
        epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(ioThreads, io);
        SessionHandler sessions = new SessionHandler(service, channels, slowConsumerBytes, backpressure);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ParleyChannelInitializer(MessageCodec.server(), maxFrameLength, sessions));
        try {
            server = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        sweeper = new IdleSweeper(channels, boss.next(), heartbeatSeconds * 3);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public boolean nativeEpoll() {
        return epoll;
    }

    public int connections() {
        return channels.size();
    }

    /** Stops accepting, lets queued writes go out, closes every connection, stops the event loops. */
    @Override
    public void close() {
        sweeper.close();
        server.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.debug("transport closed");
    }
}
