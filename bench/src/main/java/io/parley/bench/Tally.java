package io.parley.bench;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The run's counters and its latency record, written by every event loop thread at once without locks
 * (adders and a wait-free HdrHistogram recorder) and read by the progress line and the summary.
 */
final class Tally {
    /** Told of every first-time delivery; the broadcast workload uses it to see when a round is complete. */
    interface Observer {
        void delivered(int sender, int n, long nanos);
    }

    final LongAdder sent = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder duplicated = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    final LongAdder outOfLogOrder = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder badFrames = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Recorder recorder = new Recorder(3);
    private final Histogram latency = new Histogram(3);
    private Histogram interval;
    private volatile long lastDelivery;
    private volatile boolean fromLogin;
    private volatile Observer observer;
    private volatile Reach reach;

    /**
     * A receiver's verdict on one arrival stamped {@code stamp}, received at {@code now} by a user whose login
     * was answered at {@code login}.
     */
    void received(Inbox.Verdict verdict, int sender, int n, long stamp, long login, long now) {
        if (verdict == Inbox.Verdict.DUPLICATE) {
            duplicated.increment();
            return;
        }
        count(verdict, Math.max(0, now - (fromLogin ? login : stamp)), now);
        Observer o = observer;
        if (o != null) {
            o.delivered(sender, n, now);
        }
    }

    /** A first-time arrival (or a duplicate) whose latency the receiver measured itself, in nanoseconds. */
    void received(Inbox.Verdict verdict, long latencyNanos, long now) {
        if (verdict == Inbox.Verdict.DUPLICATE) {
            duplicated.increment();
            return;
        }
        count(verdict, latencyNanos, now);
    }

    private void count(Inbox.Verdict verdict, long latencyNanos, long now) {
        if (verdict == Inbox.Verdict.OUT_OF_LOG_ORDER) {
            outOfOrder.increment();
            outOfLogOrder.increment();
        } else if (verdict == Inbox.Verdict.OUT_OF_SEND_ORDER) {
            outOfOrder.increment();
        }
        delivered.increment();
        lastDelivery = now;
        recorder.recordValue(Math.max(0, latencyNanos));
    }

    /** Broadcasts go to {@code value} instead of the usual checks (a listening process); null to stop. */
    void reach(Reach value) {
        reach = value;
    }

    Reach reach() {
        return reach;
    }

    void failed(Throwable cause) {
        failed.increment();
        if (firstFailure.get() == null) {
            firstFailure.compareAndSet(null, String.valueOf(cause));
        }
    }

    /** The first send failure, or null. */
    String firstFailure() {
        return firstFailure.get();
    }

    /**
     * From now on, latency is counted from the recipient's login answer instead of each message's stamp:
     * offline messages wait for their recipients by design, so only the time after the login says anything.
     */
    void measureFromLogin() {
        fromLogin = true;
    }

    void observe(Observer value) {
        observer = value;
    }

    /** {@link System#nanoTime()} of the latest first-time delivery; 0 before any. */
    long lastDelivery() {
        return lastDelivery;
    }

    /** Sent, and neither acknowledged nor failed yet. */
    long inFlight() {
        return sent.sum() - acknowledged.sum() - failed.sum();
    }

    /**
     * The {@code percentile} of the latencies recorded since the last call, in nanoseconds (0 when none),
     * after adding them to the total.
     */
    synchronized long intervalPercentile(double percentile) {
        interval = recorder.getIntervalHistogram(interval);
        latency.add(interval);
        return interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(percentile);
    }

    /** Every latency recorded so far, in nanoseconds; a copy. */
    synchronized Histogram latency() {
        intervalPercentile(50);
        return latency.copy();
    }
}
