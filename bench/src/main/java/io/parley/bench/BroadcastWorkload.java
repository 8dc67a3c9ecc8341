package io.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code broadcast}: the seed's message to everyone, with {@code users} users online. The first user
 * broadcasts, the bench waits until every other user has the message (or the drain timeout passes) and
 * records how long the last one took; {@code repeats} rounds, one after the other.
 */
public final class BroadcastWorkload extends Workload {
    private final int users;
    private final int repeats;

    public BroadcastWorkload(int users, int repeats) {
        if (users < 2) {
            throw new IllegalArgumentException("users: " + users + " (expected: >= 2)");
        }
        positive("repeats", repeats);
        this.users = users;
        this.repeats = repeats;
    }

    @Override
    public String name() {
        return "broadcast";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("users", users);
        p.put("repeats", repeats);
        return p;
    }

    @Override
    BenchResult run(BenchRun run) {
        Fleet fleet = new Fleet(run);
        List<BenchUser> all = run.users(0, users);
        Entry entry = enter(run, fleet, all, true);
        BenchUser sender = all.get(0);
        Histogram fanout = new Histogram(3);
        int incomplete = 0;
        run.progress.phase("broadcast", run.messageStatus());
        Snapshot before = run.snapshot();
        for (int round = 1; round <= repeats; round++) {
            AtomicInteger missing = new AtomicInteger(users - 1);
            AtomicLong last = new AtomicLong();
            int n = round;
            run.tally.observe((from, number, nanos) -> {
                if (from == sender.index && number == n) {
                    last.accumulateAndGet(nanos, Math::max);
                    missing.decrementAndGet();
                }
            });
            long stamp = System.nanoTime();
            sender.client().executor().execute(() -> send(run, sender, stamp));
            if (BenchRun.await(() -> missing.get() <= 0, run.options.drainTimeout())) {
                fanout.recordValue(Math.max(0, last.get() - stamp));
            } else {
                incomplete++;
            }
        }
        run.tally.observe(null);
        BenchRun.await(() -> run.tally.inFlight() == 0, BenchRun.REQUEST_TIMEOUT.plusSeconds(1));
        Snapshot after = run.snapshot();
        fleet.leave(all);
        run.barrier();
        Audit.Outcome audit = Audit.of(List.of(sender), (from, everyone) -> {
            List<BenchUser> others = new ArrayList<>(all);
            others.remove(from);
            return others;
        });
        Deliveries deliveries = Deliveries.of(run.tally, audit,
                Conversation.secondsToLastDelivery(run, before, after));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fanout", LatencySummary.of(fanout));
        extra.put("incompleteRounds", incomplete);
        return new BenchResult(name(), parameters(), entry.registration(), entry.logins(), deliveries,
                Costs.of(entry, before, after, deliveries.delivered()), extra);
    }

    /** On the sender's event loop, where its outbox lives. */
    private static void send(BenchRun run, BenchUser sender, long stamp) {
        int n = sender.outbox.next(Outbox.EVERYONE);
        sender.outbox.inFlight++;
        run.tally.sent.increment();
        sender.client().broadcast(run.content.encode(stamp, n)).whenComplete((ack, error) -> {
            sender.outbox.inFlight--;
            if (error == null) {
                sender.outbox.acknowledged(Outbox.EVERYONE, n);
                run.tally.acknowledged.increment();
            } else {
                run.tally.failed(error);
            }
        });
    }
}
