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

/**
 * Closes connections that send no complete frame within {@code firstFrameMillis} of their accept, or have
 * not logged in within {@code loginMillis} of it. A connection trickling half a frame a byte at a time has
 * no complete frame, so the same deadlines close it.
 *
 * <p>Like {@link IdleSweeper}, one timer serves the whole server instead of one scheduled task per
 * connection: a flood of 20,000 connections would otherwise be 20,000 tasks in the timer heap. Unlike it,
 * each tick does not scan every connection: every connection gets the same two deadlines counted from its
 * accept, so accept order is deadline order, and two FIFO queues hold the connections in that order. A tick
 * takes only the entries whose deadline has passed, so a logged-in connection costs nothing after its first
 * {@code loginMillis}, and nothing at all is kept per connection after that.
 */
final class LoginDeadlines implements AutoCloseable {
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
    private final long firstFrameNanos;
    private final long loginNanos;
    private final Ticker ticker;
    private final Predicate<Channel> loggedIn;
    private final AdmissionReport report;
    private final ScheduledFuture<?> task;

    /**
     * @param timer    runs the sweep; {@code ticker} is its clock (an {@code EmbeddedChannel}'s in unit tests)
     * @param loggedIn whether a connection has logged in (or ended its session)
     */
    LoginDeadlines(AdmissionLimits limits, EventExecutor timer, Ticker ticker, Predicate<Channel> loggedIn,
                   AdmissionReport report) {
        this.firstFrameNanos = TimeUnit.MILLISECONDS.toNanos(limits.firstFrameMillis());
        this.loginNanos = TimeUnit.MILLISECONDS.toNanos(limits.loginMillis());
        this.ticker = ticker;
        this.loggedIn = loggedIn;
        this.report = report;
        // A fifth of the shorter deadline: a connection outlives its deadline by at most that (a second by default).
        long period = Math.max(10, Math.min(1000, limits.firstFrameMillis() / 5));
        this.task = timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts both clocks of an admitted connection; the returned handler marks its first frame. */
    ChannelHandler admitted(Channel channel) {
        Entry entry = enqueue(channel);
        awaitingLogin.add(entry);
        return new FirstFrameWatch(entry);
    }

    /** Starts the first-frame clock of a refused connection waiting to be told why. */
    void refused(Channel channel) {
        enqueue(channel);
    }

    private Entry enqueue(Channel channel) {
        Entry entry = new Entry(channel, ticker.nanoTime());
        channel.closeFuture().addListener(f -> entry.channel = null);
        awaitingFrame.add(entry);
        return entry;
    }

    /** One tick; runs on the timer only (the queues have one consumer). */
    void sweep() {
        long now = ticker.nanoTime();
        for (Entry e = awaitingFrame.peek(); e != null && now - e.acceptedAt >= firstFrameNanos; e = awaitingFrame.peek()) {
            awaitingFrame.poll();
            Channel channel = e.channel;
            if (channel != null && !e.framed) {
                report.closedWithoutFrame();
                channel.close();
            }
        }
        for (Entry e = awaitingLogin.peek(); e != null && now - e.acceptedAt >= loginNanos; e = awaitingLogin.peek()) {
            awaitingLogin.poll();
            Channel channel = e.channel;
            if (channel != null && !loggedIn.test(channel)) {
                report.closedWithoutLogin();
                channel.close();
            }
        }
        report.flush(now);
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
