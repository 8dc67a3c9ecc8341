package io.parley.server.service;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A warning that can come thousands of times a second when the server is overloaded (a full write queue refuses
 * every receipt): logged at once the first time, then at most once per interval with how many like it were not
 * logged meanwhile, so that the log does not become the next thing to fill up. Safe from any thread.
 */
final class ThrottledWarning {
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final LongSupplier nanoClock;
    private final LongAdder notLogged = new LongAdder();
    /** When the last line was logged; {@link Long#MIN_VALUE} before the first. */
    private final AtomicLong lastLine = new AtomicLong(Long.MIN_VALUE);

    ThrottledWarning(Logger log) {
        this(log, System::nanoTime);
    }

    ThrottledWarning(Logger log, LongSupplier nanoClock) {
        this.log = log;
        this.nanoClock = nanoClock;
    }

    /** Logs {@code format} with {@code args} as a WARN line, or counts it when a line was logged too recently. */
    void warn(String format, Object... args) {
        long now = nanoClock.getAsLong();
        long last = lastLine.get();
        boolean due = last == Long.MIN_VALUE || now - last >= INTERVAL_NANOS;
        if (!due || !lastLine.compareAndSet(last, now)) {
            notLogged.increment();
            return;
        }
        long skipped = notLogged.sumThenReset();
        if (skipped == 0) {
            log.warn(format, args);
        } else {
            log.warn(format + " (and " + skipped + " more like it since the last such line)", args);
        }
    }
}
