package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.RunningServer;
import io.parley.app.testing.TutorialClient;
import io.parley.app.testing.TutorialUsers;
import io.parley.client.ParleyException;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.StatusCode;
import io.parley.server.ServerConfig;
import io.parley.server.service.Quotas;
import io.parley.server.service.RateLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floods of messages and requests from one user, over real sockets against a real server: each is refused past
 * its rate or quota (docs/security.md, "Rates and quotas"), and meanwhile a user at another address keeps chatting
 * with a bounded latency. The attacker connects from 127.0.0.2, the bystander from 127.0.0.3.
 */
class HostileTrafficTest {
    private static final InetSocketAddress ATTACKER = new InetSocketAddress("127.0.0.2", 0);
    private static final InetSocketAddress BYSTANDER = new InetSocketAddress("127.0.0.3", 0);
    /** Generous: the machine is shared and noisy; an unprotected server takes far longer, or never answers. */
    private static final Duration BOUNDED_LATENCY = Duration.ofSeconds(5);

    private static final int WINDOW = 64;

    @TempDir
    Path data;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService attack = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws Exception {
        attack.shutdownNow();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void aFloodOfLargeMessagesToAnOfflineUserStopsAtTheInboxQuotaAndTheDiskStaysBounded() throws Exception {
        // Rates lifted so that the flood reaches the store: the quota is what is tested here (the rate, below).
        RunningServer server = start(
                RunningServer.testConfig().withDataDir(data).withRates(new RateLimits(1e6, 1_000_000, 1e6, 1_000_000)));
        register(server, 300);
        ChatUser flooder = user(server, 100, ATTACKER);
        ChatUser bystander = user(server, 200, BYSTANDER);
        ChatUser friend = user(server, 201, null);
        String fourKb = "x".repeat(4000);
        int flood = 20_000;

        Future<Tally> flooding = attack.submit(() -> send(flood, i -> flooder.client.sendPrivate(300, fourKb)));
        Duration worst = chatWhile(flooding, bystander, friend);
        Tally tally = flooding.get(5, TimeUnit.MINUTES);

        long quota = Quotas.DEFAULTS.offlineBytes() / 4000;
        assertThat(tally.acked.get())
                .as("stored: the 16 MiB quota holds %d such messages", quota)
                .isEqualTo((int) quota);
        assertThat(tally.refused(StatusCode.QUOTA_EXCEEDED)).isEqualTo(flood - quota);
        assertThat(tally.others()).isEmpty();
        assertThat(sizeOf(data))
                .as("data folder bytes; unbounded, 20,000 messages of 4 KB take over 80 MB")
                .isLessThan(64L << 20);
        assertThat(worst).as("bystander's worst round trip during the flood").isLessThan(BOUNDED_LATENCY);
    }

    @Test
    void aMessageFloodIsRefusedWith429PastTheRateWhileOthersAreUnaffected() throws Exception {
        RunningServer server = start(RunningServer.testConfig().withDataDir(data));
        ChatUser flooder = user(server, 100, ATTACKER);
        ChatUser target = user(server, 101, null);
        ChatUser bystander = user(server, 200, BYSTANDER);
        ChatUser friend = user(server, 201, null);
        int flood = 3000;
        long startedAt = System.nanoTime();

        Future<Tally> flooding = attack.submit(() -> send(flood, i -> flooder.client.sendPrivate(101, "spam " + i)));
        Duration worst = chatWhile(flooding, bystander, friend);
        Tally tally = flooding.get(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - startedAt) / 1e9;

        RateLimits rates = RateLimits.DEFAULTS;
        assertThat(tally.acked.get())
                .as("a burst, then the rate, over %.1f s", seconds)
                .isBetween(
                        rates.messageBurst(), (int) (rates.messageBurst() + rates.messagesPerSecond() * seconds) + 1);
        assertThat(tally.refused(StatusCode.TOO_MANY_REQUESTS)).isEqualTo(flood - tally.acked.get());
        assertThat(tally.others()).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> target.privates.size() == tally.acked.get());
        assertThat(worst).as("bystander's worst round trip during the flood").isLessThan(BOUNDED_LATENCY);
    }

    @Test
    void aRequestFloodIsRefusedWith429PastTheRateWhileOthersAreUnaffected() throws Exception {
        RunningServer server = start(RunningServer.testConfig().withDataDir(data));
        ChatUser flooder = user(server, 100, ATTACKER);
        ChatUser bystander = user(server, 200, BYSTANDER);
        ChatUser friend = user(server, 201, null);
        int flood = 2000;

        Future<Tally> flooding = attack.submit(() ->
                send(flood, i -> i % 2 == 0 ? flooder.client.history("inbox", 0, 200) : flooder.client.listGroups()));
        List<Duration> historyTimes = new ArrayList<>();
        // The bystander's own history requests, every third round: about 3 a second, under the 5 allowed.
        Duration worst = chatWhile(flooding, bystander, friend, round -> {
            if (round % 3 != 0) {
                return;
            }
            long t = System.nanoTime();
            HistoryResMes history = join(bystander.client.history("inbox", 0, 10));
            assertThat(history.reqId()).isNotNull();
            historyTimes.add(Duration.ofNanos(System.nanoTime() - t));
        });
        Tally tally = flooding.get(5, TimeUnit.MINUTES);

        assertThat(tally.acked.get()).isBetween(RateLimits.DEFAULTS.requestBurst(), flood / 4);
        assertThat(tally.refused(StatusCode.TOO_MANY_REQUESTS)).isEqualTo(flood - tally.acked.get());
        assertThat(tally.others()).isEmpty();
        assertThat(worst).isLessThan(BOUNDED_LATENCY);
        assertThat(historyTimes).isNotEmpty().allSatisfy(d -> assertThat(d).isLessThan(BOUNDED_LATENCY));
    }

    @Test
    void groupsPerUserAndMembersPerGroupAreCappedWith507() throws Exception {
        RunningServer server =
                start(RunningServer.testConfig().withDataDir(data).withQuotas(new Quotas(10_000, 16L << 20, 5, 3)));
        ChatUser hoarder = user(server, 100, ATTACKER);
        ChatUser bystander = user(server, 200, BYSTANDER);
        ChatUser friend = user(server, 201, null);

        Tally created = send(50, i -> hoarder.client.createGroup("hoard-" + i));
        join(bystander.client.createGroup("club"));
        join(friend.client.joinGroup("club"));
        Tally joined = send(10, i -> user(server, 300 + i, null).client.joinGroup("club"));

        assertThat(created.acked.get()).isEqualTo(5);
        assertThat(created.refused(StatusCode.QUOTA_EXCEEDED)).isEqualTo(45);
        assertThat(joined.acked.get())
                .as("the club holds 3: its owner, the friend and one more")
                .isEqualTo(1);
        assertThat(joined.refused(StatusCode.QUOTA_EXCEEDED)).isEqualTo(9);
        assertThat(join(hoarder.client.listGroups()).groups()).hasSize(6);
        SendAckMes ack = join(bystander.client.sendGroup("club", "still here"));
        assertThat(ack.duplicate()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> friend.groupTexts().contains("still here"));
    }

    @Test
    void underTheDefaultLimitsPeopleChatAtHumanPaceWithNoRefusal() throws Exception {
        RunningServer server = start(RunningServer.testConfig().withDataDir(data));
        ChatUser ann = user(server, 100, null);
        ChatUser bob = user(server, 101, BYSTANDER);
        TutorialUsers.register(server, 500, "tut");
        TutorialUsers.register(server, 501, "tor");
        TutorialClient tut = TutorialUsers.legacy(server, 500);
        open.add(tut);
        TutorialClient tor = TutorialUsers.legacy(server, 501);
        open.add(tor);

        // A quick typist: 40 lines in a row as fast as they go (within the burst), then a question a second.
        Tally typed = send(40, i -> ann.client.sendPrivate(101, "line " + i));
        for (int i = 0; i < 3; i++) {
            join(ann.client.sendPrivate(101, "and then? " + i));
            join(ann.client.history("inbox", 0, 20));
            join(ann.client.listGroups());
            Thread.sleep(1000); // human pace, not a wait for something
        }
        for (int i = 0; i < 5; i++) {
            tut.say("hello class " + i);
        }

        assertThat(typed.acked.get()).isEqualTo(40);
        await().atMost(Duration.ofSeconds(10)).until(() -> bob.privates.size() == 43);
        for (int i = 0; i < 5; i++) {
            String expected = "hello class " + i;
            TutorialClient.Frame said = tor.readUntil(f -> f.type().equals("SmsMes"));
            assertThat(said.data().path("content").asText()).isEqualTo(expected);
            assertThat(said.data().path("userId").asInt()).isEqualTo(500);
        }
    }

    // ---- helpers

    private RunningServer start(ServerConfig config) throws Exception {
        RunningServer server = RunningServer.with(config);
        open.add(server);
        return server;
    }

    /** A Parley client logged in as {@code id}, connected from {@code from} (null: the default address). */
    private ChatUser user(RunningServer server, int id, InetSocketAddress from) {
        try {
            ChatUser user = new ChatUser(id, "pw-" + id);
            open.add(user);
            InetSocketAddress to = new InetSocketAddress(server.host(), server.port());
            (from == null ? user.client.connect(to) : user.client.connect(to, from)).get(10, TimeUnit.SECONDS);
            user.client.register(id, user.password, "user" + id).get(10, TimeUnit.SECONDS);
            assertThat(user.login().ok()).isTrue();
            return user;
        } catch (Exception e) {
            throw new IllegalStateException("user " + id + " did not get online", e);
        }
    }

    private void register(RunningServer server, int id) throws Exception {
        user(server, id, null).close();
    }

    /**
     * The bystander sends to its friend every 100 ms until {@code attack} is over (and at least 10 times),
     * waiting each time until the friend has it; returns the slowest round trip.
     */
    private Duration chatWhile(Future<?> attack, ChatUser bystander, ChatUser friend) throws Exception {
        return chatWhile(attack, bystander, friend, round -> {});
    }

    private Duration chatWhile(Future<?> attack, ChatUser bystander, ChatUser friend, IntConsumer alsoEachRound)
            throws Exception {
        Duration worst = Duration.ZERO;
        for (int round = 0; round < 10 || !attack.isDone(); round++) {
            String text = "still here " + round;
            long t = System.nanoTime();
            join(bystander.client.sendPrivate(friend.id, text));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> friend.privateTexts().contains(text));
            Duration took = Duration.ofNanos(System.nanoTime() - t);
            worst = took.compareTo(worst) > 0 ? took : worst;
            alsoEachRound.accept(round);
            Thread.sleep(100); // the bystander's own pace, not a wait for something
        }
        return worst;
    }

    /** What became of a run of requests: how many succeeded, and the status codes of those refused. */
    private static final class Tally {
        final AtomicInteger acked = new AtomicInteger();
        final ConcurrentHashMap<Integer, AtomicInteger> refusedByCode = new ConcurrentHashMap<>();

        long refused(StatusCode code) {
            AtomicInteger n = refusedByCode.get(code.code());
            return n == null ? 0 : n.get();
        }

        List<Integer> others() {
            return refusedByCode.keySet().stream()
                    .filter(c -> c != StatusCode.TOO_MANY_REQUESTS.code() && c != StatusCode.QUOTA_EXCEEDED.code())
                    .toList();
        }
    }

    /** Sends {@code count} requests with at most {@link #WINDOW} unanswered, and tallies the answers. */
    private static Tally send(int count, IntFunction<CompletableFuture<?>> request) throws InterruptedException {
        Tally tally = new Tally();
        Semaphore window = new Semaphore(WINDOW);
        for (int i = 0; i < count; i++) {
            window.acquire();
            var unused = request.apply(i).whenComplete((ok, error) -> { // tallies both outcomes
                if (error == null) {
                    tally.acked.incrementAndGet();
                } else {
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    int code = cause instanceof ParleyException p ? p.code() : -1;
                    tally.refusedByCode
                            .computeIfAbsent(code, c -> new AtomicInteger())
                            .incrementAndGet();
                }
                window.release();
            });
        }
        window.acquire(WINDOW);
        return tally;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
    }
}
