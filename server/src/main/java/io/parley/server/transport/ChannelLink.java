package io.parley.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import io.parley.protocol.message.ServerMessage;
import io.parley.server.metrics.ServerMetrics;
import io.parley.server.service.ClientSession;
import io.parley.server.service.Link;
import io.parley.server.service.SharedMessage;
import io.parley.server.service.SharedRun;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel as the service sees it. Output: a client that stops reading is cut off once more than
 * {@code slowConsumerBytes} wait for it (a hard limit), or once its output has stayed above the write
 * buffer's high-water mark for {@link Backpressure#slowConsumerSeconds()} (one to two such periods: a soft
 * limit, which is what ends a paced replay to a reader that stopped), so one stalled reader cannot hold the
 * server's memory; what it missed stays stored and is delivered when it reconnects. Input: with more than
 * {@link Backpressure#maxRequestsInFlight()} of its requests waiting on the store, the channel stops reading
 * ({@code autoRead} off) until half of them have finished; TCP then holds the client back.
 *
 * <p>What the transport knows of the session it learns from the service through this link: whether it logged in
 * ({@link LoginDeadlines}) and whether its client promised heartbeats ({@link IdleSweeper}). Its clock is its
 * event loop's {@link Ticker}, which a test's {@code EmbeddedChannel} can stop and move.
 */
final class ChannelLink implements Link {
    private static final Logger log = LoggerFactory.getLogger(ChannelLink.class);
    private static final AtomicIntegerFieldUpdater<ChannelLink> REQUESTS_IN_FLIGHT =
            AtomicIntegerFieldUpdater.newUpdater(ChannelLink.class, "requestsInFlight");

    private final Channel channel;
    private final ServerMetrics metrics;
    private final int slowConsumerBytes;
    private final Backpressure limits;
    private final long slowConsumerNanos;
    private final Ticker ticker;
    private volatile long lastRead;
    /** The session the service opened on this link; set once on the event loop, read by the sweeps too. */
    private volatile ClientSession session;
    /** Set once on the event loop, read by the deadline and idle sweeps on the boss loop. */
    private volatile boolean authenticated;

    private volatile boolean promisedHeartbeats;
    /**
     * Tasks waiting for the channel to become writable again, or null while none does (most links never wait:
     * no list per idle connection); touched on the event loop only.
     */
    private List<Runnable> waitingForWritable;
    /**
     * Requests waiting on the store; counted from any thread through {@link #REQUESTS_IN_FLIGHT}, acted on on
     * the event loop. A field and an updater rather than an AtomicInteger: one object less per connection.
     */
    private volatile int requestsInFlight;
    /** Whether reading is off because of {@link #requestsInFlight}; written on the event loop only. */
    private volatile boolean readingPaused;
    /** Whether the channel was writable at some point since the pending {@link #stallCheck} started; event loop only. */
    private boolean writableSinceCheck;
    /** The pending check of the soft output limit, or null; event loop only. */
    private ScheduledFuture<?> stallCheck;
    /** Whether this link waits in its loop's {@link PendingFlushes}; event loop only. */
    private boolean flushQueued;
    /** Whether this link waits in its loop's {@link PendingFlushes} for an unhurried flush; event loop only. */
    private boolean unhurriedFlushQueued;
    /** Whether the pipeline frames a {@link SharedRun} whole (TCP's encoder); a WebSocket sends its messages one by one. */
    private final boolean writesRuns;

    ChannelLink(Channel channel, int slowConsumerBytes, Backpressure limits) {
        this(channel, slowConsumerBytes, limits, new ServerMetrics());
    }

    ChannelLink(Channel channel, int slowConsumerBytes, Backpressure limits, ServerMetrics metrics) {
        this.metrics = metrics;
        this.channel = channel;
        this.slowConsumerBytes = slowConsumerBytes;
        this.limits = limits;
        this.slowConsumerNanos = TimeUnit.SECONDS.toNanos(limits.slowConsumerSeconds());
        this.ticker = channel.eventLoop().ticker();
        this.lastRead = ticker.nanoTime();
        this.writesRuns = channel.pipeline().get(ServerFrameEncoder.class) != null;
    }

    /**
     * When the peer last sent a frame, on the event loop's {@link Ticker}; now while reading is paused, since
     * the silence is then the server's doing, not the peer's.
     */
    long lastRead() {
        return readingPaused ? ticker.nanoTime() : lastRead;
    }

    /** How long the peer has sent nothing, not counting a pause in reading (see {@link #lastRead()}). */
    long silentNanos() {
        return ticker.nanoTime() - lastRead();
    }

    @Override
    public void authenticated() {
        authenticated = true;
    }

    /** Whether the service said this connection logged in; its login deadline no longer applies then. */
    boolean isAuthenticated() {
        return authenticated;
    }

    @Override
    public void promisedHeartbeats() {
        promisedHeartbeats = true;
    }

    /** Whether the peer promised heartbeats, so that its silence means it is gone. */
    boolean sendsHeartbeats() {
        return promisedHeartbeats;
    }

    /** Whether reading is off because too many of this connection's requests wait on the store. */
    boolean readingPaused() {
        return readingPaused;
    }

    void markRead() {
        lastRead = ticker.nanoTime();
    }

    @Override
    public void send(ServerMessage message) {
        if (admit()) {
            metrics.sent(message);
            write(message, false, null);
        }
    }

    @Override
    public void send(SharedMessage message) {
        if (admit()) {
            metrics.sent(message.message());
            write(message, false, null);
        }
    }

    /**
     * Written at once, so that it keeps its place among the connection's messages, and flushed by the next flush
     * of this connection or, at the latest, {@link PendingFlushes#UNHURRIED_FLUSH_MILLIS} later.
     */
    @Override
    public void sendUnhurried(SharedMessage message) {
        if (admit()) {
            metrics.sent(message.message());
            write(message, true, null);
        }
    }

    @Override
    public void send(SharedRun run) {
        if (!writesRuns) {
            Link.super.send(run);
        } else if (admit()) {
            countSent(run);
            write(run, false, null);
        }
    }

    /** Counts a run's messages by type, one count per stretch of one type (a group's run is all of one). */
    private void countSent(SharedRun run) {
        List<SharedMessage> messages = run.messages();
        ServerMessage first = messages.get(0).message();
        int same = 1;
        for (int i = 1; i < messages.size(); i++) {
            ServerMessage m = messages.get(i).message();
            if (m.getClass() != first.getClass()) {
                metrics.sent(first, same);
                first = m;
                same = 0;
            }
            same++;
        }
        metrics.sent(first, same);
    }

    @Override
    public void send(SharedMessage message, Runnable written) {
        if (admit()) {
            metrics.sent(message.message());
            write(message, false, written);
        }
    }

    /**
     * Writes what {@link #admit()} let through. From another thread (the store's, completing a commit) the write
     * becomes a task of the loop, not a {@code writeAndFlush}: what a commit hands one loop then leaves in one flush
     * per connection ({@link PendingFlushes}), and no handler has to merge flushes. {@code written}, when not
     * null, runs once the write has succeeded.
     */
    private void write(Object message, boolean unhurried, Runnable written) {
        // Tested here rather than left to onEventLoop: a fan-out writes on the loop, and would pay a lambda per member.
        if (channel.eventLoop().inEventLoop()) {
            writeHere(message, unhurried, written);
        } else {
            onEventLoop(() -> writeHere(message, unhurried, written));
        }
    }

    private void writeHere(Object message, boolean unhurried, Runnable written) {
        if (written == null) {
            // The void promise hands a failed write to the pipeline's exceptionCaught.
            var unused = channel.write(message, channel.voidPromise());
        } else {
            channel.write(message).addListener(f -> {
                if (f.isSuccess()) {
                    written.run();
                }
            });
        }
        if (unhurried) {
            flushUnhurriedLater();
        } else {
            flushAfterThisTask();
        }
    }

    /**
     * On the event loop a write is flushed once the loop's current work is done ({@link PendingFlushes}), so a
     * fan-out or a burst of replies costs one flush per connection, not one per message.
     */
    private void flushAfterThisTask() {
        if (!flushQueued) {
            flushQueued = true;
            PendingFlushes.ofThisLoop().add(this, channel);
        }
    }

    /** Unless a flush of this connection is due already, whose flush takes the unhurried writes along. */
    private void flushUnhurriedLater() {
        if (!flushQueued && !unhurriedFlushQueued) {
            unhurriedFlushQueued = true;
            PendingFlushes.ofThisLoop().addUnhurried(this, channel);
        }
    }

    /** The session the service opened on this link, or null before. */
    ClientSession session() {
        return session;
    }

    void session(ClientSession value) {
        session = value;
    }

    /** Called by {@link PendingFlushes} on the event loop. */
    void flushNow() {
        flushQueued = false;
        channel.flush();
    }

    /** Called by {@link PendingFlushes} on the event loop; nothing is left to flush if another flush came first. */
    void flushUnhurried() {
        unhurriedFlushQueued = false;
        channel.flush();
    }

    private boolean admit() {
        if (!channel.isActive()) {
            return false;
        }
        if (!channel.isWritable()) {
            ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
            if (pending != null && pending.totalPendingWriteBytes() > slowConsumerBytes) {
                log.warn("closing {}: slow consumer, {} bytes unread", describe(), pending.totalPendingWriteBytes());
                metrics.connectionCutOff("slow_consumer");
                var unused = channel.close(); // nothing to do if a close fails
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void requestStarted() {
        if (REQUESTS_IN_FLIGHT.incrementAndGet(this) == limits.maxRequestsInFlight() + 1) {
            onEventLoop(this::pauseOrResumeReading);
        }
    }

    @Override
    public void requestFinished() {
        if (REQUESTS_IN_FLIGHT.decrementAndGet(this) == limits.resumeReadingAt()) {
            onEventLoop(this::pauseOrResumeReading);
        }
    }

    /**
     * Decides on the count as it is now, whatever crossing asked: each crossing of either mark queues one such
     * decision after it, so the last decision always sees the last crossing and reading cannot stay off once
     * the requests have finished.
     */
    private void pauseOrResumeReading() {
        int waiting = requestsInFlight;
        if (!readingPaused && waiting > limits.maxRequestsInFlight()) {
            readingPaused = true;
            channel.config().setAutoRead(false);
            log.debug("not reading from {}: {} requests wait on the store", describe(), waiting);
        } else if (readingPaused && waiting <= limits.resumeReadingAt()) {
            readingPaused = false;
            markRead();
            channel.config().setAutoRead(true);
        }
    }

    private void onEventLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            try {
                channel.eventLoop().execute(task);
            } catch (RejectedExecutionException e) {
                // The server is stopping and the loop with it: its connections are closing anyway.
            }
        }
    }

    @Override
    public void whenWritable(Runnable task) {
        if (channel.isWritable() || !channel.isActive()) {
            task.run();
        } else {
            if (waitingForWritable == null) {
                waitingForWritable = new ArrayList<>(2);
            }
            waitingForWritable.add(task);
        }
    }

    /**
     * Called by the pipeline when the channel's outbound buffer rose above its high-water mark: starts the
     * soft limit's clock, unless it runs already. One timer at most is pending per channel, however often
     * writability flaps.
     */
    void unwritable() {
        if (stallCheck == null) {
            writableSinceCheck = false;
            stallCheck = channel.eventLoop().schedule(this::checkStall, slowConsumerNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A period after the clock started: a channel that has not been writable once since then is cut off; one
     * that was, and is stuck again, gets another full period. So a connection is cut off after between one and
     * two periods of not taking its output, and never while it keeps draining it.
     */
    private void checkStall() {
        stallCheck = null;
        if (!channel.isActive() || channel.isWritable()) {
            return;
        }
        if (writableSinceCheck) {
            unwritable();
            return;
        }
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        log.warn(
                "closing {}: slow consumer, {} bytes unread for {} s",
                describe(),
                pending == null ? 0 : pending.totalPendingWriteBytes(),
                limits.slowConsumerSeconds());
        metrics.connectionCutOff("slow_consumer");
        var unused = channel.close(); // nothing to do if a close fails
    }

    /** Called by the pipeline when the channel's outbound buffer fell below its low water mark. */
    void writable() {
        writableSinceCheck = true;
        List<Runnable> ready = waitingForWritable;
        if (ready == null) {
            return;
        }
        // Taken before running: a task may find the channel unwritable again and wait anew.
        waitingForWritable = null;
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
        return channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress()
                : InetAddress.getLoopbackAddress();
    }

    @Override
    public String describe() {
        return String.valueOf(channel.remoteAddress());
    }
}
