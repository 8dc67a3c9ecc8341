package io.parley.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One kind of load, with its sizes. Each logs its users in (registering them first unless told not to),
 * does its work, logs them out and reports; {@link Bench#run} runs it.
 */
public abstract sealed class Workload
        permits ConnectWorkload, PrivateWorkload, GroupWorkload, BroadcastWorkload, OfflineWorkload {

    /** The workload's name on the command line and in reports. */
    public abstract String name();

    /** Its sizes, for the report; values are numbers or strings. */
    public abstract Map<String, Object> parameters();

    abstract BenchResult run(BenchRun run);

    /** How the users came in: their registration, their logins and the readings around the logins. */
    record Entry(Registration registration, Logins logins, Snapshot before, Snapshot after) {}

    /**
     * Registers (unless switched off) and logs in {@code users}. With {@code all}, every one of them must make
     * it, as a messaging workload needs.
     */
    static Entry enter(BenchRun run, Fleet fleet, List<BenchUser> users, boolean all) {
        Registration registration = run.options.register() ? fleet.register(users) : Registration.SKIPPED;
        if (all && registration.failed() > 0) {
            throw new IllegalStateException(registration.failed() + " of " + users.size()
                    + " registrations failed; first: " + registration.firstError());
        }
        Snapshot before = run.snapshot();
        Logins logins = fleet.logIn(users);
        Snapshot after = run.snapshot();
        if (all && logins.failed() > 0) {
            throw new IllegalStateException(
                    logins.failed() + " of " + users.size() + " logins failed; first: " + logins.firstError());
        }
        return new Entry(registration, logins, before, after);
    }

    static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
