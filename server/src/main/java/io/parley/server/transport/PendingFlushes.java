package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels an event loop wrote to and has yet to flush, flushed by one task after the work that wrote
 * them: a message to a thousand group members is a thousand writes and one task, not a thousand flush tasks,
 * and several messages that reach one connection in the same turn leave in one {@code writev}. One instance
 * per event-loop thread, touched only there.
 */
final class PendingFlushes {
    private static final Logger log = LoggerFactory.getLogger(PendingFlushes.class);
    private static final FastThreadLocal<PendingFlushes> OF_LOOP = new FastThreadLocal<>() {
        @Override
        protected PendingFlushes initialValue() {
            return new PendingFlushes();
        }
    };

    private List<ChannelLink> waiting = new ArrayList<>();
    /** The list of the round being flushed, kept to be reused: no allocation per round. */
    private List<ChannelLink> flushing = new ArrayList<>();

    private final Runnable flushAll = this::flushAll;

    private PendingFlushes() {}

    /** This event loop's; call on the loop. */
    static PendingFlushes ofThisLoop() {
        return OF_LOOP.get();
    }

    /**
     * Flushes {@code link}'s channel after the task running now (and whatever was queued on the loop before the
     * first of this turn's writes). Call on the channel's event loop, once per turn per link (see
     * {@link ChannelLink#flushQueued}).
     */
    void add(ChannelLink link, Channel channel) {
        if (waiting.isEmpty()) {
            channel.eventLoop().execute(flushAll);
        }
        waiting.add(link);
    }

    private void flushAll() {
        // A flush can run handlers that write again, which queues another round: swap the lists first.
        List<ChannelLink> now = waiting;
        waiting = flushing;
        flushing = now;
        try {
            for (ChannelLink link : now) {
                flush(link);
            }
        } finally {
            now.clear();
        }
    }

    /** One connection's trouble must not leave the others of the round unflushed. */
    private static void flush(ChannelLink link) {
        try {
            link.flushNow();
        } catch (RuntimeException e) {
            log.warn("flushing {} failed", link.describe(), e);
        }
    }
}
