package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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

    /**
     * How long an unhurried message ({@link ChannelLink#sendUnhurried}) may wait for its flush: short enough that
     * nobody sees it, long enough that a burst of logins reaches each online user as a few notices per write.
     */
    static final long UNHURRIED_FLUSH_MILLIS = 20;

    private List<ChannelLink> waiting = new ArrayList<>();
    /** The list of the round being flushed, kept to be reused: no allocation per round. */
    private List<ChannelLink> flushing = new ArrayList<>();
    /** Links with only unhurried writes to flush, and the list being flushed, as the two above. */
    private List<ChannelLink> unhurried = new ArrayList<>();

    private List<ChannelLink> flushingUnhurried = new ArrayList<>();

    private final Runnable flushAll = this::flushAll;
    private final Runnable flushUnhurried = this::flushUnhurried;

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

    /**
     * Flushes {@code link}'s channel {@link #UNHURRIED_FLUSH_MILLIS} from now, with every other link added in
     * that time: one timer per loop, not per connection. Call on the channel's event loop, once per link until it
     * is flushed (see {@link ChannelLink#sendUnhurried}).
     */
    void addUnhurried(ChannelLink link, Channel channel) {
        if (unhurried.isEmpty()) {
            var unused = channel.eventLoop().schedule(flushUnhurried, UNHURRIED_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }
        unhurried.add(link);
    }

    private void flushUnhurried() {
        List<ChannelLink> now = unhurried;
        unhurried = flushingUnhurried;
        flushingUnhurried = now;
        flushEach(now, ChannelLink::flushUnhurried);
    }

    private void flushAll() {
        // A flush can run handlers that write again, which queues another round: swap the lists first.
        List<ChannelLink> now = waiting;
        waiting = flushing;
        flushing = now;
        flushEach(now, ChannelLink::flushNow);
    }

    /**
     * Flushes each link of a round and empties the list; one connection's trouble must not leave the others
     * unflushed.
     */
    private static void flushEach(List<ChannelLink> links, Consumer<ChannelLink> flush) {
        try {
            for (ChannelLink link : links) {
                try {
                    flush.accept(link);
                } catch (RuntimeException e) {
                    log.warn("flushing {} failed", link.describe(), e);
                }
            }
        } finally {
            links.clear();
        }
    }
}
