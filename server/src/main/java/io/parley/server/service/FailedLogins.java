package io.parley.server.service;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins as log lines: one line per address per burst, with a count, never one per attempt — a brute
 * force of thousands of guesses writes a handful of lines, like fail2ban's summaries rather than sshd's. The
 * first failure of a burst schedules the report through {@code later}, which runs it a window later; the
 * report names the window it covers. At most {@code maxAddresses} addresses are told apart per window; the
 * rest share one line. Thread-safe.
 */
final class FailedLogins {
    private static final Logger log = LoggerFactory.getLogger(FailedLogins.class);
    /** How many user ids a line names; the count covers them all. */
    private static final int NAMED_USERS = 3;

    private final Executor later;
    private final int maxAddresses;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Burst> bursts = new LinkedHashMap<>();
    private long othersFailures;
    private long burstStart;
    private boolean reportPending;

    private static final class Burst {
        long failures;
        final TreeSet<Integer> users = new TreeSet<>();
        boolean moreUsers;
    }

    /**
     * @param later runs the report a window after the burst's first failure (in tests: when the test says)
     */
    FailedLogins(Executor later, int maxAddresses, LongSupplier nanoTime) {
        this.later = later;
        this.maxAddresses = maxAddresses;
        this.nanoTime = nanoTime;
    }

    void record(InetAddress address, int userId) {
        boolean schedule;
        synchronized (this) {
            Burst burst = bursts.get(address);
            if (burst == null && bursts.size() >= maxAddresses) {
                othersFailures++;
            } else {
                if (burst == null) {
                    burst = new Burst();
                    bursts.put(address, burst);
                }
                burst.failures++;
                if (burst.users.size() < NAMED_USERS || burst.users.contains(userId)) {
                    burst.users.add(userId);
                } else {
                    burst.moreUsers = true;
                }
            }
            schedule = !reportPending;
            if (schedule) {
                reportPending = true;
                burstStart = nanoTime.getAsLong();
            }
        }
        if (schedule) {
            later.execute(this::report);
        }
    }

    /** Logs what was counted since the burst began, and starts counting afresh. */
    void report() {
        List<String> lines = new ArrayList<>();
        synchronized (this) {
            long seconds = Math.max(
                    1, Duration.ofNanos(nanoTime.getAsLong() - burstStart).toSeconds());
            bursts.forEach((address, b) -> lines.add(count(b.failures) + " from " + address.getHostAddress()
                    + " in the last " + seconds + " s, for " + users(b)));
            if (othersFailures > 0) {
                lines.add(count(othersFailures) + " from other addresses in the last " + seconds + " s");
            }
            bursts.clear();
            othersFailures = 0;
            reportPending = false;
        }
        lines.forEach(log::info);
    }

    private static String count(long failures) {
        return failures + (failures == 1 ? " failed login" : " failed logins");
    }

    private static String users(Burst b) {
        String ids = b.users.toString().replace("[", "").replace("]", "");
        if (b.moreUsers) {
            return "users " + ids + " and others";
        }
        return (b.users.size() == 1 ? "user " : "users ") + ids;
    }
}
