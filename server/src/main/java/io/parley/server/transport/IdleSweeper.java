package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.server.service.ClientSession;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes Parley connections that stopped sending, with one timer for the whole server instead of one per
 * connection (an {@code IdleStateHandler} per channel would keep 19,000 scheduled tasks alive). Tutorial
 * connections are never swept: their client sends no heartbeat.
 */
final class IdleSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IdleSweeper.class);

    private final ChannelGroup channels;
    private final long idleNanos;
    private final ScheduledFuture<?> task;

    IdleSweeper(ChannelGroup channels, EventExecutor timer, int idleSeconds) {
        this.channels = channels;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        long period = Math.max(1, idleSeconds / 3);
        this.task = timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.SECONDS);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Channel channel : channels) {
            ClientSession session = Connections.session(channel);
            ChannelLink link = Connections.link(channel);
            if (session != null && link != null && session.extended() && now - link.lastRead() > idleNanos) {
                log.info("closing {}: no heartbeat", session);
                var unused = channel.close(); // nothing to do if a close fails
            }
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
