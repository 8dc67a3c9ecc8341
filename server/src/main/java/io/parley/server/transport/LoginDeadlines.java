package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that send no complete frame within {@code firstFrameMillis} of their accept, or have
 * not logged in within {@code loginMillis} of it. A connection trickling half a frame a byte at a time has
 * no complete frame, so the same deadlines close it.
 *
 * <p>Like {@link IdleSweeper}, one timer serves the whole server instead of one scheduled task per
 * connection: a flood of 20,000 connections would otherwise be 20,000 tasks in the timer heap. Unlike it,
 * each tick does not scan every connection: every connection gets the same two deadlines counted from its
 * accept, so accept order is deadline order, and a FIFO queue per deadline holds the connections in it. A tick
 * takes only the entries whose deadline has passed, so a logged-in connection costs nothing after its first
 * {@code loginMillis}, and nothing at all is kept per connection after that.
 *
 * <p>A refused connection waits for its first frame (to be told why, {@link RefusalHandler}) only
 * {@link #REFUSAL_GRACE_MILLIS}, or the first-frame deadline if that is shorter: a client sends its first
 * frame as soon as it has connected, so it arrives within a round trip, and a refused connection that is
 * silent is closed about at once instead of holding a descriptor for the whole first-frame deadline.
 */
final class LoginDeadlines implements AutoCloseable {
    static final int REFUSAL_GRACE_MILLIS = 1000;
    private static final Logger log = LoggerFactory.getLogger(LoginDeadlines.class);

    /** One connection's clock. The channel is dropped when it closes, so a flood's dead entries stay small. */
    static final class Entry {
        private final long acceptedAt;
        private volatile Channel channel;
        private volatile boolean framed;

        private Entry(Channel channel, long acceptedAt) {
            this.channel = channel;
            this.acceptedAt = acceptedAt;
        }

        void framed() {
            framed = true;
        }
    }

    private final Queue<Entry> awaitingFrame = new ConcurrentLinkedQueue<>();
    private final Queue<Entry> awaitingLogin = new ConcurrentLinkedQueue<>();
    private final Queue<Entry> refusedWaiting = new ConcurrentLinkedQueue<>();
    private final long firstFrameNanos;
    private final long graceNanos;
    private final long loginNanos;
    private final Ticker ticker;
    private final Predicate<Channel> loggedIn;
    private final AdmissionReport report;
    private final ScheduledFuture<?> task;

    /**
     * @param timer    runs the sweep; {@code ticker} is its clock (an {@code EmbeddedChannel}'s in unit tests)
     * @param loggedIn whether a connection has logged in (or ended its session)
     */
    LoginDeadlines(
            AdmissionLimits limits,
            EventExecutor timer,
            Ticker ticker,
            Predicate<Channel> loggedIn,
            AdmissionReport report) {
        this.firstFrameNanos = TimeUnit.MILLISECONDS.toNanos(limits.firstFrameMillis());
        this.loginNanos = TimeUnit.MILLISECONDS.toNanos(limits.loginMillis());
        int graceMillis = Math.min(REFUSAL_GRACE_MILLIS, limits.firstFrameMillis());
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
        this.ticker = ticker;
        this.loggedIn = loggedIn;
        this.report = report;
        // A fifth of the shortest wait: a connection outlives its deadline by at most that (200 ms by default).
        long period = Math.max(10, graceMillis / 5);
        this.task = timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts both clocks of an admitted connection; the returned handler marks its first frame. */
    ChannelHandler admitted(Channel channel) {
        Entry entry = enqueue(channel);
        awaitingLogin.add(entry);
        return new FirstFrameWatch(entry);
    }

    /** Starts the grace of a refused connection waiting for its first frame, to be told why. */
    void refused(Channel channel) {
        refusedWaiting.add(entry(channel));
    }

    private Entry enqueue(Channel channel) {
        Entry entry = entry(channel);
        awaitingFrame.add(entry);
        return entry;
    }

    private Entry entry(Channel channel) {
        Entry entry = new Entry(channel, ticker.nanoTime());
        channel.closeFuture().addListener(f -> entry.channel = null);
        return entry;
    }

    /** One tick; runs on the timer only (the queues have one consumer). */
    void sweep() {
        try {
            sweep(ticker.nanoTime());
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: one bad tick must not end the deadlines for good.
            log.error("deadline sweep failed", e);
        }
    }

    private void sweep(long now) {
        for (Entry e = refusedWaiting.peek();
                e != null && now - e.acceptedAt >= graceNanos;
                e = refusedWaiting.peek()) {
            refusedWaiting.poll();
            Channel channel = e.channel;
            if (channel != null) {
                var unused = channel.close(); // nothing to do if a close fails
            }
        }
        for (Entry e = awaitingFrame.peek();
                e != null && now - e.acceptedAt >= firstFrameNanos;
                e = awaitingFrame.peek()) {
            awaitingFrame.poll();
            Channel channel = e.channel;
            if (channel != null && !e.framed) {
                report.closedWithoutFrame();
                var unused = channel.close(); // nothing to do if a close fails
            }
        }
        for (Entry e = awaitingLogin.peek(); e != null && now - e.acceptedAt >= loginNanos; e = awaitingLogin.peek()) {
            awaitingLogin.poll();
            Channel channel = e.channel;
            if (channel != null && !loggedIn.test(channel)) {
                report.closedWithoutLogin();
                var unused = channel.close(); // nothing to do if a close fails
            }
        }
        report.flush(now);
    }

    @Override
    public void close() {
        task.cancel(false);
        report.flushAll();
    }
}
