package io.parley.bench;

import io.parley.protocol.message.SendAckMes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code broadcast}: the seed's message to everyone, with {@code users} users online. The first user
 * broadcasts, the bench waits until every other user has the message (or the drain timeout passes) and
 * records how long the last one took; {@code repeats} rounds, one after the other.
 *
 * <p>One process holds at most about 19,000 connections (its file limit), so a broadcast to more users is
 * measured with several: {@linkplain #listen listening} processes that only hold users and report, per
 * broadcast, how many of theirs got it and when the last did (against the {@code sentAt} the server stamped,
 * on the machine's one clock), and one {@linkplain #send sending} process. Their reports join on the
 * broadcast's msgId; see {@link BroadcastReach}.
 */
public final class BroadcastWorkload extends Workload {
    /** What this process does. */
    public enum Role {
        /** Users online, the first broadcasting to the others: sender and receivers in this process. */
        ALL,
        /** Users online that only listen, and report what they heard of each broadcast. */
        LISTEN,
        /** One user that broadcasts to users held by other processes. */
        SEND
    }

    private static final Duration ONLINE_POLL = Duration.ofMillis(200);

    private final Role role;
    private final int users;
    private final int repeats;
    private final Duration limit;
    private final int waitOnline;
    private final Duration interval;

    public BroadcastWorkload(int users, int repeats) {
        this(Role.ALL, users, repeats, Duration.ZERO, 0, Duration.ZERO);
    }

    private BroadcastWorkload(Role role, int users, int repeats, Duration limit, int waitOnline, Duration interval) {
        int least = role == Role.ALL ? 2 : 1;
        if (users < least) {
            throw new IllegalArgumentException("users: " + users + " (expected: >= " + least + ")");
        }
        positive("repeats", repeats);
        if (limit.isNegative() || interval.isNegative() || waitOnline < 0) {
            throw new IllegalArgumentException("hold, interval and wait-online must not be negative");
        }
        this.role = role;
        this.users = users;
        this.repeats = repeats;
        this.limit = limit;
        this.waitOnline = waitOnline;
        this.interval = interval;
    }

    /**
     * Holds {@code users} users that only listen, until each of {@code repeats} broadcasts reached all of them,
     * or the drain timeout passed after the last one was first heard, or {@code hold} passed.
     */
    public static BroadcastWorkload listen(int users, int repeats, Duration hold) {
        positive("hold", Objects.requireNonNull(hold, "hold"));
        return new BroadcastWorkload(Role.LISTEN, users, repeats, hold, 0, Duration.ZERO);
    }

    /**
     * One user that waits until the server counts {@code waitOnline} users online (itself included; 0 for
     * no wait, at most {@code waitTimeout}), then sends {@code repeats} broadcasts, each {@code interval}
     * after the previous one was acknowledged.
     */
    public static BroadcastWorkload send(int repeats, int waitOnline, Duration waitTimeout, Duration interval) {
        return new BroadcastWorkload(
                Role.SEND,
                1,
                repeats,
                Objects.requireNonNull(waitTimeout, "waitTimeout"),
                waitOnline,
                Objects.requireNonNull(interval, "interval"));
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
        if (role != Role.ALL) {
            p.put("role", role.name().toLowerCase(Locale.ROOT));
        }
        if (role == Role.LISTEN) {
            p.put("holdSeconds", seconds(limit));
        }
        if (role == Role.SEND) {
            p.put("waitOnline", waitOnline);
            p.put("intervalMillis", interval.toMillis());
        }
        return p;
    }

    @Override
    BenchResult run(BenchRun run) {
        return switch (role) {
            case ALL -> runAll(run);
            case LISTEN -> runListen(run);
            case SEND -> runSend(run);
        };
    }

    private BenchResult runAll(BenchRun run) {
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
            sender.client().executor().execute(() -> {
                var unused = send(run, sender, stamp); // send() counts a failure itself; the tally shows the arrivals
            });
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
        Deliveries deliveries = Deliveries.of(run.tally, audit, Conversation.secondsToLastDelivery(run, before, after));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fanout", LatencySummary.of(fanout));
        extra.put("incompleteRounds", incomplete);
        return new BenchResult(
                name(),
                parameters(),
                entry.registration(),
                entry.logins(),
                deliveries,
                Costs.of(entry, before, after, deliveries.delivered()),
                extra);
    }

    /**
     * Listens: a broadcast owes every user here one delivery, and so does each of the {@code repeats} expected
     * that never came. Latencies are the server's store time to each arrival.
     */
    private BenchResult runListen(BenchRun run) {
        Fleet fleet = new Fleet(run);
        List<BenchUser> all = run.users(0, users);
        Reach reach = new Reach(run.tally);
        run.tally.reach(reach);
        Entry entry = enter(run, fleet, all, true);
        run.progress.phase(
                "listen",
                () -> String.format(
                        "%d users, heard %d of %d broadcasts, %d complete, " + "delivered %d, dup %d, ooo %d",
                        users,
                        reach.broadcasts(),
                        repeats,
                        reach.complete(users),
                        run.tally.delivered.sum(),
                        run.tally.duplicated.sum(),
                        run.tally.outOfOrder.sum()));
        Snapshot before = run.snapshot();
        long deadline = System.nanoTime() + limit.toNanos();
        BenchRun.await(
                () -> reach.complete(users) >= repeats
                        || (reach.broadcasts() >= repeats
                                && System.nanoTime() - reach.newestFirstHeard()
                                        > run.options.drainTimeout().toNanos()),
                limit);
        Snapshot after = run.snapshot();
        fleet.leave(all);
        run.barrier();
        run.tally.reach(null);
        List<BroadcastReach> heard = reach.summary();
        long expected = (long) Math.max(repeats, heard.size()) * users;
        long delivered = heard.stream().mapToLong(BroadcastReach::receivers).sum();
        List<String> examples = heard.stream()
                .filter(b -> b.receivers() < users)
                .limit(5)
                .map(b -> "broadcast #" + b.msgId() + " reached " + b.receivers() + " of " + users)
                .toList();
        Deliveries deliveries = Deliveries.of(
                run.tally,
                new Audit.Outcome(expected, expected - delivered, examples),
                Conversation.secondsToLastDelivery(run, before, after));
        Histogram last = new Histogram(3);
        heard.forEach(b -> last.recordValue(Math.max(0, b.maxLatencyMs()) * 1_000_000));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("broadcasts", heard);
        extra.put("fanout", LatencySummary.of(last));
        extra.put("incompleteRounds", (int) (Math.max(repeats, heard.size())
                - heard.stream().filter(b -> b.receivers() >= users).count()));
        extra.put("timedOut", System.nanoTime() - deadline >= 0);
        return new BenchResult(
                name(),
                parameters(),
                entry.registration(),
                entry.logins(),
                deliveries,
                Costs.of(entry, before, after, deliveries.delivered()),
                extra);
    }

    /** Sends; the deliveries are the listening processes' to count. */
    private BenchResult runSend(BenchRun run) {
        Fleet fleet = new Fleet(run);
        List<BenchUser> one = run.users(0, 1);
        Entry entry = enter(run, fleet, one, true);
        BenchUser sender = one.get(0);
        int[] online = {0};
        if (waitOnline > 0) {
            run.progress.phase("wait", () -> online[0] + " of " + waitOnline + " online");
            long deadline = System.nanoTime() + limit.toNanos();
            while ((online[0] = sender.client().onlineUsers(0, 1).join().total()) < waitOnline) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("only " + online[0] + " of " + waitOnline + " users came online");
                }
                BenchRun.sleep(ONLINE_POLL);
            }
        }
        run.progress.phase("broadcast", run.messageStatus());
        Snapshot before = run.snapshot();
        List<BroadcastSent> sent = new ArrayList<>();
        for (int round = 1; round <= repeats; round++) {
            if (round > 1) {
                BenchRun.sleep(interval);
            }
            // Sent from the client's own executor, as every send is.
            CompletableFuture<SendAckMes> acked = CompletableFuture.completedFuture(null)
                    .thenComposeAsync(
                            ignored -> send(run, sender, System.nanoTime()),
                            sender.client().executor());
            try {
                SendAckMes ack = acked.get(BenchRun.REQUEST_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
                sent.add(new BroadcastSent(round, ack.msgId(), ack.sentAt()));
            } catch (Exception e) {
                // Counted as failed by send(); the next round goes on.
            }
        }
        Snapshot after = run.snapshot();
        fleet.leave(one);
        run.barrier();
        Deliveries deliveries = Deliveries.of(run.tally, Audit.Outcome.NOTHING, (after.nanos() - before.nanos()) / 1e9);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("broadcasts", sent);
        extra.put("onlineAtStart", online[0]);
        return new BenchResult(
                name(),
                parameters(),
                entry.registration(),
                entry.logins(),
                deliveries,
                Costs.of(entry, before, after, sent.size()),
                extra);
    }

    /** On the sender's event loop, where its sent ledger lives. */
    private static CompletableFuture<SendAckMes> send(BenchRun run, BenchUser sender, long stamp) {
        int n = sender.sent.next(SentLedger.EVERYONE);
        sender.sent.inFlight++;
        run.tally.sent.increment();
        return sender.client().broadcast(run.content.encode(stamp, n)).whenComplete((ack, error) -> {
            sender.sent.inFlight--;
            if (error == null) {
                sender.sent.acknowledged(SentLedger.EVERYONE, n);
                run.tally.acknowledged.increment();
            } else {
                run.tally.failed(error);
            }
        });
    }
}
