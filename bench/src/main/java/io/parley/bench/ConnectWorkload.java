package io.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code connect}: opens {@code users} connections, logs each in and holds them for {@code hold} while the
 * client library keeps them alive with heartbeats. Measures the connect + login rate and latency, the
 * server's CPU per login and its memory per connection. Failed logins are a result here, not an error.
 *
 * <p>With {@code resume}, the users that logged in then close their connections, reconnect and log in
 * again with the resume token of their login, as clients coming back after a network change do; that
 * phase is measured on its own, since it costs the server an HMAC where a login costs a password hash.
 * With several resume rounds the users do that again and again; the last round is the one reported, the
 * earlier ones having warmed both processes' JIT for that path (each round is in the extras). The hold follows
 * the resumes.
 */
public final class ConnectWorkload extends Workload {
    /** The server's CPU time is read in 10 ms ticks; a gap this long without one means it is idle. */
    private static final Duration SETTLE_STEP = Duration.ofMillis(100);

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(2);

    private final int users;
    private final Duration hold;
    private final int resumeRounds;

    public ConnectWorkload(int users, Duration hold) {
        this(users, hold, 0);
    }

    /** With {@code resumeRounds} rounds of closing every connection and resuming it; 0 for none. */
    public ConnectWorkload(int users, Duration hold, int resumeRounds) {
        positive("users", users);
        this.hold = Objects.requireNonNull(hold, "hold");
        if (hold.isNegative()) {
            throw new IllegalArgumentException("hold: " + hold + " (expected: >= 0)");
        }
        if (resumeRounds < 0) {
            throw new IllegalArgumentException("resumeRounds: " + resumeRounds + " (expected: >= 0)");
        }
        this.users = users;
        this.resumeRounds = resumeRounds;
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("users", users);
        p.put("holdSeconds", seconds(hold));
        p.put("resume", resumeRounds > 0);
        p.put("resumeRounds", resumeRounds);
        return p;
    }

    @Override
    BenchResult run(BenchRun run) {
        Fleet fleet = new Fleet(run);
        List<BenchUser> all = run.users(0, users);
        Entry entry = enter(run, fleet, all, false);
        List<Map<String, Object>> rounds = new ArrayList<>();
        Entry resumed = null;
        for (int round = 1; round <= resumeRounds; round++) {
            resumed = resume(run, fleet, all);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("round", round);
            summary.put("succeeded", resumed.logins().succeeded());
            summary.put("perSecond", resumed.logins().perSecond());
            summary.put("serverCpuMicrosPerResume", Costs.perLogin(resumed));
            summary.put("benchCpuMicrosPerResume", Costs.benchPerLogin(resumed));
            rounds.add(summary);
        }
        run.progress.phase("hold", () -> connected(all) + " connected, " + run.tally.dropped.sum() + " dropped");
        BenchRun.sleep(hold);
        // Memory is read at the end of the hold, with every connection still open.
        Snapshot held = run.snapshot();
        int stillConnected = connected(all);
        fleet.leave(all);
        int open = (resumed != null ? resumed : entry).logins().succeeded();
        Costs costs = new Costs(
                null,
                Costs.perLogin(entry),
                resumed != null ? Costs.perLogin(resumed) : null,
                ProcessProbe.per(entry.before().serverRss(), held.serverRss(), open, 1),
                null,
                resumed != null ? Costs.benchPerLogin(resumed) : null);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("connectedAtEnd", stillConnected);
        extra.put("dropped", run.tally.dropped.sum());
        if (resumeRounds > 1) {
            extra.put("resumeRounds", rounds);
        }
        return new BenchResult(
                name(),
                parameters(),
                entry.registration(),
                entry.logins(),
                resumed != null ? resumed.logins() : null,
                Deliveries.of(run.tally, Audit.Outcome.NOTHING, 0),
                costs,
                extra);
    }

    /** Closes every connection, then brings back with their tokens the users whose password login succeeded. */
    private static Entry resume(BenchRun run, Fleet fleet, List<BenchUser> all) {
        List<BenchUser> back =
                all.stream().filter(u -> u.client().userId() == u.id).toList();
        fleet.disconnect(all);
        settle(run);
        Snapshot before = run.snapshot();
        Logins logins = fleet.resume(back);
        return new Entry(Registration.SKIPPED, logins, before, run.snapshot());
    }

    /**
     * Waits, up to {@link #SETTLE_TIMEOUT}, until the server's CPU time stops moving: the server handles the
     * closes (and tells the others who went offline) after the clients see them closed, and that work would
     * otherwise be charged to the resumes.
     */
    private static void settle(BenchRun run) {
        if (!run.server.present()) {
            return;
        }
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        long last = run.server.cpuNanos();
        while (System.nanoTime() - deadline < 0) {
            BenchRun.sleep(SETTLE_STEP);
            long now = run.server.cpuNanos();
            if (now == last) {
                return;
            }
            last = now;
        }
    }

    private static int connected(List<BenchUser> users) {
        int n = 0;
        for (BenchUser u : users) {
            if (u.client().isConnected()) {
                n++;
            }
        }
        return n;
    }
}
