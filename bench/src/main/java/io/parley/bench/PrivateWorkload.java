package io.parley.bench;

import io.parley.protocol.message.SendAckMes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code private}: {@code users} users online, each sending private messages to random others for
 * {@code duration}, paced by a window per user or a fixed total rate. Every message has one recipient.
 */
public final class PrivateWorkload extends Workload {
    private final int users;
    private final Pace pace;
    private final Duration duration;

    public PrivateWorkload(int users, Pace pace, Duration duration) {
        if (users < 2) {
            throw new IllegalArgumentException("users: " + users + " (expected: >= 2)");
        }
        positive("duration", Objects.requireNonNull(duration, "duration"));
        this.users = users;
        this.pace = Objects.requireNonNull(pace, "pace");
        this.duration = duration;
    }

    @Override
    public String name() {
        return "private";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("users", users);
        if (pace.fixedRate()) {
            p.put("rate", pace.rate());
        } else {
            p.put("window", pace.window());
        }
        p.put("durationSeconds", seconds(duration));
        return p;
    }

    @Override
    BenchResult run(BenchRun run) {
        Fleet fleet = new Fleet(run);
        List<BenchUser> all = run.users(0, users);
        Entry entry = enter(run, fleet, all, true);
        Driver.Route route = new Driver.Route() {
            @Override
            public int pick(BenchUser sender) {
                int other = ThreadLocalRandom.current().nextInt(users - 1);
                return other >= sender.index ? other + 1 : other;
            }

            @Override
            public CompletableFuture<SendAckMes> send(BenchUser sender, int destination, String text) {
                return sender.client().sendPrivate(all.get(destination).id, text);
            }
        };
        Conversation.Outcome outcome = Conversation.run(
                run,
                fleet,
                all,
                all,
                pace,
                duration,
                route,
                1,
                (sender, destination) -> List.of(all.get(destination)),
                entry);
        return new BenchResult(
                name(),
                parameters(),
                entry.registration(),
                entry.logins(),
                outcome.deliveries(),
                outcome.costs(),
                Map.of());
    }
}
