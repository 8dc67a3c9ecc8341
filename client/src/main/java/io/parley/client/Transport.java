package io.parley.client;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Event loop groups for clients: epoll where the native transport loads, NIO elsewhere. A process should
 * have one group for all its clients; {@link #shared()} is that group unless the caller brings its own.
 */
public final class Transport {
    private static EventLoopGroup shared;

    private Transport() {}

    /**
     * A new group of {@code threads} daemon threads, so a forgotten group never keeps the JVM alive. The
     * caller shuts it down.
     */
    public static EventLoopGroup newGroup(int threads, String threadName) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
        }
        DefaultThreadFactory factory = new DefaultThreadFactory(threadName, true);
        return new MultiThreadIoEventLoopGroup(
                threads, factory, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** The process-wide group, one thread per core, created on first use and never shut down. */
    public static synchronized EventLoopGroup shared() {
        if (shared == null) {
            shared = newGroup(Runtime.getRuntime().availableProcessors(), "parley-client");
        }
        return shared;
    }

    /** The socket channel type that can register with {@code loop}. */
    static Class<? extends SocketChannel> channelType(EventLoop loop) {
        if (Epoll.isAvailable() && loop instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)) {
            return EpollSocketChannel.class;
        }
        return NioSocketChannel.class;
    }
}
