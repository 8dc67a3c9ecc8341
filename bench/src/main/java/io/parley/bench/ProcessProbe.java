package io.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of one process, read from Linux's /proc. A reading that cannot be taken
 * (no pid given, another OS, the process gone) is -1, and the costs derived from it are left out.
 */
final class ProcessProbe {
    /** The kernel reports CPU time in USER_HZ ticks, which is 100 per second on every Linux ABI. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    /** utime and stime, counted from the field after the command name (the state, field 3). */
    private static final int UTIME = 14 - 3;

    private static final int STIME = 15 - 3;

    static final ProcessProbe NONE = new ProcessProbe(0);

    private final long pid;

    private ProcessProbe(long pid) {
        this.pid = pid;
    }

    /** The process {@code pid}; 0 for none. */
    static ProcessProbe of(long pid) {
        return pid <= 0 ? NONE : new ProcessProbe(pid);
    }

    static ProcessProbe self() {
        return new ProcessProbe(ProcessHandle.current().pid());
    }

    boolean present() {
        return pid > 0;
    }

    /** User plus system CPU time so far, in nanoseconds; -1 when unknown. */
    long cpuNanos() {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may contain spaces and parentheses; the fields proper start after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
            return (Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size, in KiB; -1 when unknown. */
    long rssKb() {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(
                            line.substring("VmRSS:".length()).replace("kB", "").strip());
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * {@code (after - before) / units} scaled by {@code scale}, or null when either reading is missing or
     * there are no units.
     */
    static Double per(long before, long after, long units, double scale) {
        if (before < 0 || after < 0 || units <= 0) {
            return null;
        }
        return (after - before) * scale / units;
    }
}
