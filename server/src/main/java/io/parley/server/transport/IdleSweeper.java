package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.server.metrics.ServerMetrics;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes Parley connections that stopped sending, with one timer for the whole server instead of one per
 * connection (an {@code IdleStateHandler} per channel would keep 19,000 scheduled tasks alive). Only a
 * connection whose client promised heartbeats ({@link ChannelLink#promisedHeartbeats()}, told by the service at
 * hello) is swept; tutorial connections never are: their client sends no heartbeat. Each connection's silence is
 * measured on its own event loop's clock ({@link ChannelLink#silentNanos()}).
 */
final class IdleSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IdleSweeper.class);

    private final ChannelGroup channels;
    private final ServerMetrics metrics;
    private final long idleNanos;
    private final ScheduledFuture<?> task;

    IdleSweeper(ChannelGroup channels, EventExecutor timer, int idleSeconds) {
        this(channels, timer, idleSeconds, new ServerMetrics());
    }

    IdleSweeper(ChannelGroup channels, EventExecutor timer, int idleSeconds, ServerMetrics metrics) {
        this.metrics = metrics;
        this.channels = channels;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        long period = Math.max(1, idleSeconds / 3);
        this.task = timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.SECONDS);
    }

    private void sweep() {
        for (Channel channel : channels) {
            ChannelLink link = Connections.link(channel);
            if (link != null && link.sendsHeartbeats() && link.silentNanos() > idleNanos) {
                log.info("closing {}: no heartbeat", Connections.session(channel));
                metrics.connectionCutOff("silent");
                var unused = channel.close(); // nothing to do if a close fails
            }
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
