package io.parley.server.transport;

import io.parley.server.metrics.ServerMetrics;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts refused and timed-out connections and logs them as one line per interval, never one per
 * connection: a flood of thousands of connections a second would otherwise be thousands of log lines a
 * second, and the log itself the thing that fills up. {@link #flush} is called by the deadline timer.
 */
final class AdmissionReport {
    private static final Logger log = LoggerFactory.getLogger(AdmissionReport.class);
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AdmissionLimits limits;
    private final int cap;
    private final LongAdder overAddressCap = new LongAdder();
    private final LongAdder serverFull = new LongAdder();
    private final LongAdder silent = new LongAdder();
    private final LongAdder noLogin = new LongAdder();
    /** The latest refused address, as a pointer to where a flood comes from; a hint, not a statistic. */
    private volatile InetAddress lastRefused;

    private final ServerMetrics metrics;
    private long lastLine;
    private boolean logged;

    AdmissionReport(AdmissionLimits limits, int cap) {
        this(limits, cap, new ServerMetrics());
    }

    AdmissionReport(AdmissionLimits limits, int cap, ServerMetrics metrics) {
        this.limits = limits;
        this.cap = cap;
        this.metrics = metrics;
    }

    void refused(Admission why, SocketAddress from) {
        (why == Admission.SERVER_FULL ? serverFull : overAddressCap).increment();
        metrics.connectionRefused(why == Admission.SERVER_FULL ? "server_full" : "address_cap");
        InetAddress key = ConnectionLimiter.keyOf(from);
        if (key != null) {
            lastRefused = key;
        }
    }

    void closedWithoutFrame() {
        silent.increment();
        metrics.connectionCutOff("first_frame_deadline");
    }

    void closedWithoutLogin() {
        noLogin.increment();
        metrics.connectionCutOff("login_deadline");
    }

    /** Logs what was counted since the last line, if anything was and an interval has passed. */
    synchronized void flush(long nowNanos) {
        if (logged && nowNanos - lastLine < INTERVAL_NANOS) {
            return;
        }
        long address = overAddressCap.sumThenReset();
        long full = serverFull.sumThenReset();
        long frame = silent.sumThenReset();
        long login = noLogin.sumThenReset();
        if (address + full + frame + login == 0) {
            return;
        }
        logged = true;
        lastLine = nowNanos;
        List<String> parts = new ArrayList<>(4);
        if (address > 0) {
            parts.add("refused " + address + " over the cap of " + limits.perAddress() + " per address (latest from "
                    + (lastRefused == null ? "?" : lastRefused.getHostAddress()) + ")");
        }
        if (full > 0) {
            parts.add("refused " + full + " with the server full at " + cap);
        }
        if (frame > 0) {
            parts.add("closed " + frame + " without a frame within " + limits.firstFrameMillis() + " ms");
        }
        if (login > 0) {
            parts.add("closed " + login + " without a login within " + limits.loginMillis() + " ms");
        }
        String line = "connections: " + String.join("; ", parts);
        if (address + full > 0) {
            log.warn(line);
        } else {
            log.info(line);
        }
    }

    /** Logs what is left, at shutdown. */
    synchronized void flushAll() {
        logged = false;
        flush(0);
    }
}
