package io.parley.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.parley.protocol.message.ServerMessage;
import io.parley.server.service.Link;
import io.parley.server.service.SharedMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel as the service sees it. A client that stops reading is cut off once more than
 * {@code slowConsumerBytes} wait for it, so one stalled reader cannot hold the server's memory; what it
 * missed stays stored and is delivered when it reconnects.
 */
final class ChannelLink implements Link {
    private static final Logger log = LoggerFactory.getLogger(ChannelLink.class);

    private final Channel channel;
    private final int slowConsumerBytes;
    private volatile long lastRead = System.nanoTime();
    /** Tasks waiting for the channel to become writable again; touched on the event loop only. */
    private final List<Runnable> waitingForWritable = new ArrayList<>(0);

    ChannelLink(Channel channel, int slowConsumerBytes) {
        this.channel = channel;
        this.slowConsumerBytes = slowConsumerBytes;
    }

    /** When the peer last sent a frame, in {@link System#nanoTime()} terms. */
    long lastRead() {
        return lastRead;
    }

    void markRead() {
        lastRead = System.nanoTime();
    }

    @Override
    public void send(ServerMessage message) {
        write(message);
    }

    @Override
    public void send(SharedMessage message) {
        write(message);
    }

    @Override
    public void send(SharedMessage message, Runnable written) {
        if (admit()) {
            channel.writeAndFlush(message).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    written.run();
                }
            });
        }
    }

    private void write(Object message) {
        if (admit()) {
            channel.writeAndFlush(message, channel.voidPromise());
        }
    }

    private boolean admit() {
        if (!channel.isActive()) {
            return false;
        }
        if (!channel.isWritable()) {
            ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
            if (pending != null && pending.totalPendingWriteBytes() > slowConsumerBytes) {
                log.warn("closing {}: slow consumer, {} bytes unread", describe(), pending.totalPendingWriteBytes());
                channel.close();
                return false;
            }
        }
        return true;
    }

    @Override
    public void whenWritable(Runnable task) {
        if (channel.isWritable() || !channel.isActive()) {
            task.run();
        } else {
            waitingForWritable.add(task);
        }
    }

    /** Called by the pipeline when the channel's outbound buffer fell below its low water mark. */
    void writable() {
        List<Runnable> ready = new ArrayList<>(waitingForWritable);
        waitingForWritable.clear();
        ready.forEach(Runnable::run);
    }

    @Override
    public void close() {
        if (channel.eventLoop().inEventLoop()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.eventLoop().execute(this::close);
        }
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public InetAddress remoteAddress() {
        // Only a test's EmbeddedChannel has no socket address; it stands for a local peer.
        return channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress()
                : InetAddress.getLoopbackAddress();
    }

    @Override
    public String describe() {
        return String.valueOf(channel.remoteAddress());
    }
}
