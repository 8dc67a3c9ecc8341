package io.parley.bench;

import io.parley.protocol.message.SendAckMes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code offline}: {@code senders} online users send {@code messages} private messages to each of
 * {@code users} offline users (each sender serving its share of them, a window of unacknowledged messages
 * each); once all are stored, every recipient logs in at once and the bench measures how fast the backlog
 * arrives. Latency is counted from each recipient's login answer, since the messages waited by design.
 */
public final class OfflineWorkload extends Workload {
    private static final Duration STORE_TIMEOUT = Duration.ofHours(1);

    private final int users;
    private final int messages;
    private final int senders;
    private final int window;

    public OfflineWorkload(int users, int messages, int senders, int window) {
        positive("users", users);
        positive("messages", messages);
        positive("senders", senders);
        positive("window", window);
        if ((long) users * messages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("users x messages: too many messages");
        }
        this.users = users;
        this.messages = messages;
        this.senders = senders;
        this.window = window;
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("users", users);
        p.put("messages", messages);
        p.put("senders", senders);
        p.put("window", window);
        return p;
    }

    @Override
    BenchResult run(BenchRun run) {
        Fleet fleet = new Fleet(run);
        List<BenchUser> all = run.users(0, senders + users);
        List<BenchUser> sending = all.subList(0, senders);
        List<BenchUser> receiving = all.subList(senders, senders + users);
        Registration recipients = run.options.register() ? fleet.register(receiving) : Registration.SKIPPED;
        if (recipients.failed() > 0) {
            throw new IllegalStateException(recipients.failed() + " of " + users
                    + " recipient registrations failed; first: " + recipients.firstError());
        }
        Registration registration =
                enter(run, fleet, sending, true).registration().plus(recipients);

        // Store: sender s serves recipients s, s + senders, s + 2 * senders, … messages times each, in turn.
        int[] picked = new int[senders];
        Driver.Route route = new Driver.Route() {
            @Override
            public int pick(BenchUser sender) {
                int mine = (users - sender.index + senders - 1) / senders;
                int k = picked[sender.index]++;
                return k >= mine * messages ? -1 : senders + sender.index + (k % mine) * senders;
            }

            @Override
            public CompletableFuture<SendAckMes> send(BenchUser sender, int destination, String text) {
                return sender.client().sendPrivate(all.get(destination).id, text);
            }
        };
        Driver driver = new Driver(run, Pace.window(window), sending, route);
        run.progress.phase("store", run.messageStatus());
        Snapshot storeBefore = run.snapshot();
        driver.start();
        BenchRun.await(driver::quiet, STORE_TIMEOUT);
        driver.stop();
        Snapshot storeAfter = run.snapshot();
        long stored = run.tally.acknowledged.sum();

        // Deliver: everyone logs in at once and takes the backlog.
        Snapshot before = run.snapshot();
        run.tally.measureFromLogin();
        Logins logins = fleet.logIn(receiving);
        Snapshot loggedIn = run.snapshot();
        if (logins.failed() > 0) {
            throw new IllegalStateException(
                    logins.failed() + " of " + users + " recipient logins failed; first: " + logins.firstError());
        }
        run.progress.phase("deliver", run.messageStatus());
        BenchRun.await(() -> run.tally.delivered.sum() >= stored, run.options.drainTimeout());
        Snapshot after = run.snapshot();
        fleet.leave(all);
        run.barrier();
        Audit.Outcome audit = Audit.of(sending, (sender, destination) -> List.of(all.get(destination)));
        Deliveries deliveries = Deliveries.of(run.tally, audit, Conversation.secondsToLastDelivery(run, before, after));
        Entry entry = new Entry(Registration.SKIPPED, logins, before, loggedIn);
        Costs costs = Costs.of(entry, before, after, deliveries.delivered());
        Map<String, Object> extra = new LinkedHashMap<>();
        double storeSeconds = storeAfter.secondsSince(storeBefore);
        extra.put("storeSeconds", storeSeconds);
        extra.put("storedPerSecond", storeSeconds > 0 ? stored / storeSeconds : 0);
        extra.put(
                "serverCpuMicrosPerStoredMessage",
                Costs.micros(storeBefore.serverCpu(), storeAfter.serverCpu(), stored));
        return new BenchResult(name(), parameters(), registration, logins, deliveries, costs, extra);
    }
}
