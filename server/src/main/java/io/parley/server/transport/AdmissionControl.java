package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Ticker;
import io.parley.server.metrics.ServerMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;

/**
 * Admission for every listener of the server: the caps ({@link ConnectionLimiter}), the deadlines
 * ({@link LoginDeadlines}) and their aggregated log ({@link AdmissionReport}). One instance serves all
 * listeners, so that the caps count a remote address's connections on every port together.
 */
final class AdmissionControl implements AutoCloseable {
    private final ConnectionLimiter limiter;
    private final LoginDeadlines deadlines;
    private final AdmissionReport report;
    private final ServerMetrics metrics;
    /** One close listener per listener name, shared by its connections, not a lambda per connection. */
    private final ConcurrentMap<String, ChannelFutureListener> closeCounters = new ConcurrentHashMap<>();

    /**
     * @param cap      connections held at once, {@link AdmissionLimits#connectionCap}
     * @param timer    runs the deadline sweep, with {@code ticker} as its clock
     * @param loggedIn whether a connection has logged in
     */
    AdmissionControl(
            AdmissionLimits limits,
            int cap,
            EventExecutor timer,
            Ticker ticker,
            Predicate<Channel> loggedIn,
            ServerMetrics metrics) {
        this.limiter = new ConnectionLimiter(limits.perAddress(), cap, limits.refusalsWaiting());
        this.metrics = metrics;
        this.report = new AdmissionReport(limits, cap, metrics);
        this.deadlines = new LoginDeadlines(limits, timer, ticker, loggedIn, report);
    }

    /** Counts a new connection in, or says why not (and counts the refusal for the log). */
    Admission admit(Channel channel) {
        Admission verdict = limiter.admit(channel.remoteAddress(), channel);
        if (verdict != Admission.ADMITTED) {
            report.refused(verdict, channel.remoteAddress());
        }
        return verdict;
    }

    /** Counts an admitted connection on {@code listener} as open until it closes. */
    void opened(Channel channel, String listener) {
        metrics.connectionOpened(listener);
        channel.closeFuture()
                .addListener(closeCounters.computeIfAbsent(listener, name -> f -> metrics.connectionClosed(name)));
    }

    /** Starts an admitted connection's deadlines; the handler returned goes right after the frame decoder. */
    ChannelHandler deadlines(Channel channel) {
        return deadlines.admitted(channel);
    }

    /**
     * Whether a refused connection may wait for its first frame to be told why, for a short grace; when
     * false it is to be closed at once.
     */
    boolean mayExplain(Channel channel) {
        if (!limiter.mayWait(channel)) {
            return false;
        }
        deadlines.refused(channel);
        return true;
    }

    int connections() {
        return limiter.connections();
    }

    int cap() {
        return limiter.cap();
    }

    @Override
    public void close() {
        deadlines.close();
    }
}
