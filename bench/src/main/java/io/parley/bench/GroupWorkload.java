package io.parley.bench;

import io.parley.client.ParleyException;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.StatusCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code group}: {@code groups} groups of {@code members} users each (every user in one group), the first
 * {@code senders} members of each group sending to it for {@code duration}, paced by a window per sender or
 * a fixed total rate. Every message has {@code members - 1} recipients. The groups are named after the
 * first id and the group size, so a later run with the same sizes finds them with the same members.
 */
public final class GroupWorkload extends Workload {
    private final int groups;
    private final int members;
    private final int senders;
    private final Pace pace;
    private final Duration duration;

    public GroupWorkload(int groups, int members, int senders, Pace pace, Duration duration) {
        positive("groups", groups);
        if (members < 2) {
            throw new IllegalArgumentException("members: " + members + " (expected: >= 2)");
        }
        if (senders < 1 || senders > members) {
            throw new IllegalArgumentException("senders: " + senders + " (expected: 1.." + members + ")");
        }
        if ((long) groups * members > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("groups x members: too many users");
        }
        positive("duration", Objects.requireNonNull(duration, "duration"));
        this.groups = groups;
        this.members = members;
        this.senders = senders;
        this.pace = Objects.requireNonNull(pace, "pace");
        this.duration = duration;
    }

    @Override
    public String name() {
        return "group";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("groups", groups);
        p.put("members", members);
        p.put("senders", senders);
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
        List<BenchUser> all = run.users(0, groups * members);
        Entry entry = enter(run, fleet, all, true);
        String[] names = new String[groups];
        for (int g = 0; g < groups; g++) {
            names[g] = "bench-" + run.options.firstId() + "-" + members + "-" + g;
        }
        form(run, all, names);
        List<BenchUser> talking = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            talking.addAll(all.subList(g * members, g * members + senders));
        }
        Driver.Route route = new Driver.Route() {
            @Override
            public int pick(BenchUser sender) {
                return sender.index / members;
            }

            @Override
            public CompletableFuture<SendAckMes> send(BenchUser sender, int destination, String text) {
                return sender.client().sendGroup(names[destination], text);
            }
        };
        Audit.Recipients recipients = (sender, g) -> {
            List<BenchUser> others = new ArrayList<>(all.subList(g * members, (g + 1) * members));
            others.remove(sender);
            return others;
        };
        Conversation.Outcome outcome =
                Conversation.run(run, fleet, all, talking, pace, duration, route, members - 1, recipients, entry);
        return new BenchResult(
                name(),
                parameters(),
                entry.registration(),
                entry.logins(),
                outcome.deliveries(),
                outcome.costs(),
                Map.of("groupNames", names[0] + (groups > 1 ? " … " + names[groups - 1] : "")));
    }

    /** Creates each group by its first member and has the others join; existing groups and members are fine. */
    private void form(BenchRun run, List<BenchUser> all, String[] names) {
        run.progress.phase("groups", () -> groups + " groups of " + members);
        List<CompletableFuture<?>> created = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            created.add(allowConflict(all.get(g * members).client().createGroup(names[g])));
        }
        CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
        List<CompletableFuture<?>> joined = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (int m = 1; m < members; m++) {
                joined.add(allowConflict(all.get(g * members + m).client().joinGroup(names[g])));
            }
        }
        CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).join();
    }

    /** 409: the group exists or the user is a member already, from an earlier run. */
    private static CompletableFuture<Void> allowConflict(CompletableFuture<?> request) {
        return request.handle((ok, error) -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause == null || (cause instanceof ParleyException p && p.code() == StatusCode.CONFLICT.code())) {
                return null;
            }
            throw new CompletionException(cause);
        });
    }
}
