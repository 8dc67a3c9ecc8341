package io.parley.bench;

import io.parley.client.ClientListener;
import io.parley.client.LoginResult;
import io.parley.client.ParleyClient;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.StatusCode;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.HdrHistogram.Recorder;

/**
 * Brings simulated users in and out: registers them over a few shared connections, opens one connection
 * per user and logs it in, with a bounded number in flight (each costs the server a password hash), closes
 * and resumes them when asked, and logs them out at the end.
 */
final class Fleet {
    /** Registrations run one at a time per connection; this many connections share them. */
    private static final int MAX_REGISTRARS = 8;

    private final BenchRun run;

    Fleet(BenchRun run) {
        this.run = run;
    }

    /** Counts of one registration, shared by the registrar connections. */
    private static final class Registered {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger existing = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicReference<String> firstError = new AtomicReference<>();

        int settled() {
            return created.get() + existing.get() + failed.get();
        }

        void fail(String error) {
            failed.incrementAndGet();
            firstError.compareAndSet(null, error);
        }
    }

    /** Creates the users' accounts; an id already taken counts as existing, since its password is ours. */
    Registration register(List<BenchUser> users) {
        if (users.isEmpty()) {
            return Registration.SKIPPED;
        }
        long start = System.nanoTime();
        Registered counts = new Registered();
        run.progress.phase(
                "register",
                () -> String.format(
                        "%d/%d (created %d, existing %d, failed %d)",
                        counts.settled(),
                        users.size(),
                        counts.created.get(),
                        counts.existing.get(),
                        counts.failed.get()));
        // A multiple of the node count, so that registrar r registers only users of node r mod n: the users
        // whose node it is, which matters when the nodes do not share a store.
        int nodes = run.nodes();
        int registrars = nodes
                * Math.max(1, Math.min(Math.min(MAX_REGISTRARS, run.options.concurrency()), users.size()) / nodes);
        List<List<BenchUser>> shares = new ArrayList<>(registrars);
        for (int r = 0; r < registrars; r++) {
            shares.add(new ArrayList<>());
        }
        for (BenchUser user : users) {
            shares.get(Math.floorMod(user.index, registrars)).add(user);
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int r = 0; r < registrars; r++) {
            List<BenchUser> mine = shares.get(r);
            if (mine.isEmpty()) {
                continue;
            }
            ParleyClient registrar = new ParleyClient(run.group, run.clientOptions, ClientListener.NONE);
            AtomicInteger settledHere = new AtomicInteger();
            CompletableFuture<Void> done = connect(registrar, r)
                    .thenCompose(hello -> registerEach(registrar, mine, 0, counts, settledHere))
                    .exceptionally(error -> {
                        // What this connection had not settled failed with it.
                        for (int k = settledHere.get(); k < mine.size(); k++) {
                            counts.fail("registrar: " + unwrap(error));
                        }
                        return null;
                    })
                    .thenCompose(v -> registrar.close());
            all.add(done);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return new Registration(
                counts.created.get(),
                counts.existing.get(),
                counts.failed.get(),
                (System.nanoTime() - start) / 1e9,
                counts.firstError.get());
    }

    private CompletableFuture<Void> registerEach(
            ParleyClient registrar, List<BenchUser> mine, int i, Registered counts, AtomicInteger settledHere) {
        if (i == mine.size()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!registrar.isConnected()) {
            // Fail the rest at once rather than one by one, each a level deeper in the stack.
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        int id = mine.get(i).id;
        return registrar
                .register(id, BenchUser.password(id), BenchUser.name(id))
                .handle((RegisterResMes reply, Throwable error) -> {
                    if (error == null && reply.code() == StatusCode.OK.code()) {
                        counts.created.incrementAndGet();
                    } else if (error == null && reply.code() == StatusCode.REGISTER_ID_TAKEN.code()) {
                        counts.existing.incrementAndGet();
                    } else {
                        counts.fail("user " + id + ": "
                                + (error != null ? unwrap(error) : reply.code() + " " + reply.error()));
                    }
                    settledHere.incrementAndGet();
                    return null;
                })
                .thenCompose(v -> registerEach(registrar, mine, i + 1, counts, settledHere));
    }

    /** Connects and logs in every user with its password, {@link BenchOptions#concurrency()} at a time. */
    Logins logIn(List<BenchUser> users) {
        return connectAndLogIn(
                users,
                "login",
                "logged in",
                user -> connect(user.client(), user.index)
                        .thenCompose(hello -> user.client().login(user.id, BenchUser.password(user.id))));
    }

    /**
     * Connects every user again and logs it in with the resume token of its last login, as many at a time as
     * password logins, the resume written behind the hello as the client library's own reconnects do. A user
     * without a token (a server that issues none) fails, so that it is counted.
     */
    Logins resume(List<BenchUser> users) {
        return connectAndLogIn(
                users,
                "resume",
                "resumed",
                user -> user.resumeToken() == null
                        ? CompletableFuture.failedFuture(
                                new IllegalStateException("no resume token from the last login"))
                        : user.client()
                                .connectAndResume(
                                        run.target(user.index), run.source(user.index), user.id, user.resumeToken()));
    }

    /**
     * Connects every user and logs it in with {@code login}, {@link BenchOptions#concurrency()} at a time, shown
     * as phase {@code phase} with users counted as {@code done}.
     */
    private Logins connectAndLogIn(
            List<BenchUser> users,
            String phase,
            String done,
            Function<BenchUser, CompletableFuture<LoginResult>> login) {
        int count = users.size();
        Recorder latency = new Recorder(3);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(count);
        AtomicReference<String> firstError = new AtomicReference<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        long start = System.nanoTime();
        long[] previous = {0, start};
        run.progress.phase(phase, () -> {
            int ok = succeeded.get();
            long now = System.nanoTime();
            double rate = (ok - previous[0]) / Math.max(1e-9, (now - previous[1]) / 1e9);
            previous[0] = ok;
            previous[1] = now;
            return String.format("%d/%d %s (%.0f/s), failed %d", ok, count, done, rate, failed.get());
        });
        Runnable[] startNext = new Runnable[1];
        startNext[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= count) {
                return;
            }
            BenchUser user = users.get(i);
            long begin = System.nanoTime();
            // The callback handles both outcomes; nothing else waits for the chain.
            var unused = login.apply(user).whenComplete((LoginResult result, Throwable error) -> {
                if (error == null && result.ok()) {
                    long now = System.nanoTime();
                    user.loggedIn(now, result.resumeToken());
                    latency.recordValue(now - begin);
                    succeeded.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstError.compareAndSet(
                            null,
                            "user " + user.id + ": "
                                    + (error != null ? unwrap(error) : result.code() + " " + result.error()));
                    user.leaving();
                    var unusedClose = user.client().close(); // never fails
                }
                if (remaining.decrementAndGet() == 0) {
                    all.complete(null);
                } else {
                    startNext[0].run();
                }
            });
        };
        if (count == 0) {
            all.complete(null);
        }
        for (int k = 0; k < Math.min(run.options.concurrency(), count); k++) {
            startNext[0].run();
        }
        all.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Logins(
                count,
                succeeded.get(),
                failed.get(),
                seconds,
                seconds > 0 ? succeeded.get() / seconds : 0,
                LatencySummary.of(latency.getIntervalHistogram()),
                firstError.get());
    }

    /**
     * Closes every user's connection without logging out, as a client that lost its network does, and waits
     * until all are closed. The users count a later close as a drop again once this returns.
     */
    void disconnect(List<BenchUser> users) {
        run.progress.phase("close", () -> users.size() + " connections closing");
        List<CompletableFuture<Void>> closing = new ArrayList<>(users.size());
        for (BenchUser user : users) {
            user.leaving();
            closing.add(user.client().close());
        }
        // A local close always completes: it fails what is pending, runs the listener and is done.
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
        users.forEach(BenchUser::returning);
    }

    /** Logs every user out and waits for the connections to close. */
    void leave(List<BenchUser> users) {
        run.progress.phase("leave", () -> users.size() + " users logging out");
        List<CompletableFuture<Void>> closing = new ArrayList<>(users.size());
        for (BenchUser user : users) {
            user.leaving();
            closing.add(user.client().logout());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(BenchRun.REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A logout that hangs is closed by the client after its own timeout; nothing more to do here.
            for (BenchUser u : users) {
                var unused = u.client().close(); // never fails
            }
        }
    }

    /** Connects {@code client} as number {@code i}: to server node i mod n, from source address number i. */
    private CompletableFuture<HelloResMes> connect(ParleyClient client, int i) {
        var source = run.source(i);
        return source == null ? client.connect(run.target(i)) : client.connect(run.target(i), source);
    }

    static String unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.toString();
    }
}
