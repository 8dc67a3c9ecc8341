package io.parley.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code connect}: opens {@code users} connections, logs each in and holds them for {@code hold} while the
 * client library keeps them alive with heartbeats. Measures the connect + login rate and latency, the
 * server's CPU per login and its memory per connection. Failed logins are a result here, not an error.
 */
public final class ConnectWorkload extends Workload {
    private final int users;
    private final Duration hold;

    public ConnectWorkload(int users, Duration hold) {
        positive("users", users);
        this.hold = Objects.requireNonNull(hold, "hold");
        if (hold.isNegative()) {
            throw new IllegalArgumentException("hold: " + hold + " (expected: >= 0)");
        }
        this.users = users;
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
        return p;
    }

    @Override
    BenchResult run(BenchRun run) {
        Fleet fleet = new Fleet(run);
        List<BenchUser> all = run.users(0, users);
        Entry entry = enter(run, fleet, all, false);
        run.progress.phase("hold", () -> connected(all) + " connected, " + run.tally.dropped.sum() + " dropped");
        BenchRun.sleep(hold);
        // Memory is read at the end of the hold, with every connection still open.
        Snapshot held = run.snapshot();
        int stillConnected = connected(all);
        fleet.leave(all);
        int logins = entry.logins().succeeded();
        Costs costs = new Costs(null, Costs.perLogin(entry),
                ProcessProbe.per(entry.before().serverRss(), held.serverRss(), logins, 1), null);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("connectedAtEnd", stillConnected);
        extra.put("dropped", run.tally.dropped.sum());
        return new BenchResult(name(), parameters(), entry.registration(), entry.logins(),
                Deliveries.of(run.tally, Audit.Outcome.NOTHING, 0), costs, extra);
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
