package io.parley.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The line a run prints to stderr every second: the time, the current phase and what the phase reports.
 * One daemon thread; a status that throws prints its error rather than stopping the line.
 */
final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    private volatile String phase = "start";
    private volatile Supplier<String> status = () -> "";

    /** Prints to {@code out}; null prints nothing. */
    Progress(PrintStream out) {
        this.out = out;
        if (out == null) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        // print() never throws, and close() ends the schedule.
        var unused = timer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
    }

    void phase(String name, Supplier<String> newStatus) {
        status = newStatus;
        phase = name;
    }

    private void print() {
        String line;
        try {
            line = status.get();
        } catch (RuntimeException e) {
            line = "(status failed: " + e + ")";
        }
        out.printf(Locale.ROOT, "[%6.1fs] %-9s %s%n", (System.nanoTime() - start) / 1e9, phase, line);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
