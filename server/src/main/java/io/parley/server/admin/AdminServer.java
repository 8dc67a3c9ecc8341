package io.parley.server.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.parley.server.transport.ListenException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The admin listener, on a thread of its own: a scrape or a health check is answered even when the chat's event
 * loops are saturated, and an operator's request never waits behind a million users' traffic.
 */
public final class AdminServer implements AutoCloseable {
    /** Requests here are short JSON; anything longer is not an admin request. */
    private static final int MAX_REQUEST = 16 * 1024;
    /** An admin connection that sends nothing for this long is closed. */
    private static final int IDLE_SECONDS = 30;

    private final EventLoopGroup group;
    private final Channel channel;

    private AdminServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code settings}' address and serves {@code requests}.
     *
     * @throws ListenException when the port cannot be taken, naming it and the flag that changes it
     */
    public static AdminServer start(AdminSettings settings, AdminRequests requests) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(IDLE_SECONDS))
                                .addLast(new HttpServerCodec(4096, 8192, MAX_REQUEST))
                                .addLast(new HttpObjectAggregator(MAX_REQUEST))
                                .addLast(requests);
                    }
                });
        ChannelFuture bind = bootstrap
                .bind(new InetSocketAddress(settings.host(), settings.port()))
                .await();
        if (!bind.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
            Throwable cause = bind.cause();
            String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new ListenException(
                    "cannot listen on " + settings.host() + ":" + settings.port() + " (--admin-port): " + reason
                            + (reason.contains("in use")
                                    ? "; another program holds it: give --admin-port another port, or 0 for none"
                                    : ""),
                    cause);
        }
        return new AdminServer(group, bind.channel());
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
