package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.client.ClientListener;
import io.parley.client.ClientOptions;
import io.parley.client.ParleyClient;
import io.parley.protocol.message.StatusCode;
import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import io.parley.server.admin.AdminSettings;
import io.parley.server.transport.WebSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short runs of every workload against a real server in this JVM: each must find the delivery contract
 * held (nothing lost, duplicated or out of order) and its counts must add up. Timing is not judged. Each
 * test has its own id range, so that no run sees another's users.
 */
class BenchWorkloadsTest {
    @TempDir
    static Path dataDir;

    private static ParleyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        // A load test, as every benchmark run is: all the runs' users connect from 127.0.0.1, more of them at
        // once than the per-address cap allows.
        server = ParleyServer.start(ServerConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withWeb(WebSettings.OFF)
                .withAdmin(AdminSettings.OFF)
                .withBcryptCost(4)
                .withDataDir(dataDir)
                .withLoadTest(true));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static BenchOptions options(int firstId) {
        return BenchOptions.defaults()
                .withTarget("127.0.0.1", server.port())
                .withFirstId(firstId)
                .withServerPid(ProcessHandle.current().pid());
    }

    private static void assertContractHeld(Deliveries d) {
        assertThat(d.failed()).as("failed sends").isZero();
        assertThat(d.sent()).isEqualTo(d.acknowledged() + d.failed());
        assertThat(d.acknowledged()).isPositive();
        assertThat(d.lost()).as("lost").isZero();
        assertThat(d.duplicated()).as("duplicated").isZero();
        assertThat(d.outOfOrder()).as("out of order").isZero();
        assertThat(d.delivered()).isEqualTo(d.expected());
        assertThat(d.latency().count()).isEqualTo(d.delivered());
        assertThat(d.dropped()).as("dropped connections").isZero();
        assertThat(d.badFrames()).as("undecodable frames").isZero();
        assertThat(d.contractHeld()).isTrue();
    }

    @Test
    void connectLogsEveryUserInAndHoldsTheConnections() {
        BenchResult r =
                Bench.run(options(2_000_000).withSourceIps(2), new ConnectWorkload(20, Duration.ofSeconds(1)), null);

        assertThat(r.registration().created()).isEqualTo(20);
        assertThat(r.logins().succeeded()).isEqualTo(20);
        assertThat(r.logins().failed()).isZero();
        assertThat(r.logins().latency().count()).isEqualTo(20);
        assertThat(r.extra()).containsEntry("connectedAtEnd", 20).containsEntry("dropped", 0L);
        assertThat(r.costs().serverCpuMicrosPerLogin()).as("read from /proc").isNotNull();
        assertThat(r.costs().serverRssKbPerConnection()).as("read from /proc").isNotNull();
        assertThat(r.resumeLogins()).as("no resume phase without resume").isNull();
    }

    @Test
    void connectWithResumeLogsEveryUserInAgainWithItsToken() {
        BenchResult r = Bench.run(options(2_800_000), new ConnectWorkload(20, Duration.ZERO, 1), null);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ResultTable.print(r, new PrintStream(table, true, StandardCharsets.UTF_8));

        assertThat(r.logins().succeeded()).isEqualTo(20);
        assertThat(r.logins().failed()).isZero();
        Logins resumed = r.resumeLogins();
        assertThat(resumed.attempted()).isEqualTo(r.logins().succeeded());
        assertThat(resumed.firstError()).isNull();
        assertThat(resumed.succeeded()).isEqualTo(20);
        assertThat(resumed.failed()).isZero();
        assertThat(resumed.latency().count()).isEqualTo(20);
        assertThat(r.extra()).containsEntry("connectedAtEnd", 20).containsEntry("dropped", 0L);
        assertThat(r.costs().serverCpuMicrosPerLogin()).isNotNull();
        assertThat(r.costs().serverCpuMicrosPerResume()).as("read from /proc").isNotNull();
        assertThat(r.costs().benchCpuMicrosPerResume()).as("read from /proc").isNotNull();
        assertThat(table.toString(StandardCharsets.UTF_8))
                .containsPattern("logins +20 of 20, failed 0")
                .containsPattern("resume logins +20 of 20, failed 0")
                .contains("µs/resume");
        assertThat(ResultJson.toJson(r)).contains("\"resumeLogins\" : {").contains("\"serverCpuMicrosPerResume\"");
    }

    @Test
    void connectWithResumeRoundsResumesEveryUserInEachRoundAndReportsTheLast() {
        BenchResult r = Bench.run(options(2_850_000), new ConnectWorkload(10, Duration.ZERO, 3), null);

        assertThat(r.resumeLogins().succeeded()).isEqualTo(10);
        assertThat(r.parameters()).containsEntry("resumeRounds", 3);
        assertThat((List<?>) r.extra().get("resumeRounds"))
                .hasSize(3)
                .allSatisfy(round ->
                        assertThat(((Map<?, ?>) round).get("succeeded")).isEqualTo(10));
        assertThat(r.extra()).containsEntry("connectedAtEnd", 10).containsEntry("dropped", 0L);
    }

    @Test
    void aSecondRunFindsItsUsersRegisteredAndLogsThemIn() {
        Bench.run(options(2_100_000), new ConnectWorkload(5, Duration.ZERO), null);

        BenchResult again = Bench.run(options(2_100_000), new ConnectWorkload(5, Duration.ZERO), null);

        assertThat(again.registration().created()).isZero();
        assertThat(again.registration().existing()).isEqualTo(5);
        assertThat(again.logins().succeeded()).isEqualTo(5);
    }

    @Test
    void privateMessagesInAWindowAllArriveOnceAndInOrder() {
        BenchResult r =
                Bench.run(options(2_200_000), new PrivateWorkload(10, Pace.window(4), Duration.ofSeconds(2)), null);

        assertContractHeld(r.deliveries());
        assertThat(r.deliveries().expected()).isEqualTo(r.deliveries().acknowledged());
        assertThat(r.costs().serverCpuMicrosPerMessage()).isNotNull();
    }

    @Test
    void privateMessagesAtAFixedRateAllArriveOnceAndInOrder() {
        BenchResult r =
                Bench.run(options(2_300_000), new PrivateWorkload(5, Pace.rate(200), Duration.ofSeconds(1)), null);

        assertContractHeld(r.deliveries());
        assertThat(r.deliveries().sent() + r.deliveries().skipped()).isPositive();
    }

    @Test
    void groupMessagesReachEveryOtherMemberOnceAndInOrder() {
        BenchResult r =
                Bench.run(options(2_400_000), new GroupWorkload(3, 4, 2, Pace.window(2), Duration.ofSeconds(2)), null);

        assertContractHeld(r.deliveries());
        assertThat(r.deliveries().expected()).isEqualTo(r.deliveries().acknowledged() * 3);
    }

    @Test
    void aBroadcastReachesEveryoneElseInEveryRound() {
        BenchResult r = Bench.run(options(2_500_000), new BroadcastWorkload(10, 5), null);

        assertContractHeld(r.deliveries());
        assertThat(r.deliveries().acknowledged()).isEqualTo(5);
        assertThat(r.deliveries().delivered()).isEqualTo(5 * 9);
        assertThat(r.extra()).containsEntry("incompleteRounds", 0);
        assertThat(((LatencySummary) r.extra().get("fanout")).count()).isEqualTo(5);
    }

    @Test
    void privateMessagesOverTheServersInTurnAllArriveOnceAndInOrder() {
        BenchTarget node = new BenchTarget("127.0.0.1", server.port());
        BenchResult r = Bench.run(
                options(3_000_000).withServers(List.of(node, node)),
                new PrivateWorkload(10, Pace.window(4), Duration.ofSeconds(1)),
                null);

        assertContractHeld(r.deliveries());
        assertThat(r.parameters()).containsEntry("target", node + "," + node);
    }

    @Test
    void userIRegistersAndLogsInOnServerIModN(@TempDir Path otherData) throws Exception {
        try (ParleyServer other = ParleyServer.start(ServerConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withWeb(WebSettings.OFF)
                .withAdmin(AdminSettings.OFF)
                .withBcryptCost(4)
                .withDataDir(otherData)
                .withLoadTest(true))) {
            // Two servers that share nothing: a user logs in only where it was registered.
            BenchOptions both = options(3_100_000)
                    .withServers(List.of(
                            new BenchTarget("127.0.0.1", server.port()), new BenchTarget("127.0.0.1", other.port())));

            BenchResult r = Bench.run(both, new ConnectWorkload(10, Duration.ZERO), null);

            assertThat(r.registration().created()).isEqualTo(10);
            assertThat(r.logins().succeeded()).isEqualTo(10);
            ParleyClient probe = new ParleyClient(ClientOptions.defaults(), ClientListener.NONE);
            try {
                probe.connect("127.0.0.1", other.port()).get(5, TimeUnit.SECONDS);
                assertThat(probe.register(3_100_000, "x-secret", "x")
                                .get(5, TimeUnit.SECONDS)
                                .code())
                        .as("user 0 belongs to the first server")
                        .isEqualTo(StatusCode.OK.code());
                assertThat(probe.register(3_100_001, "x-secret", "x")
                                .get(5, TimeUnit.SECONDS)
                                .code())
                        .as("user 1 belongs to the second")
                        .isEqualTo(StatusCode.REGISTER_ID_TAKEN.code());
            } finally {
                probe.close().get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void listeningProcessesTogetherHearEveryBroadcastOfASendingProcess() throws Exception {
        int repeats = 3;
        ExecutorService processes = Executors.newFixedThreadPool(2);
        try {
            // Each run has its own event loops, options and users, as a separate process would.
            Future<BenchResult> first = processes.submit(() ->
                    Bench.run(options(3_200_000), BroadcastWorkload.listen(6, repeats, Duration.ofSeconds(30)), null));
            Future<BenchResult> second = processes.submit(() ->
                    Bench.run(options(3_210_000), BroadcastWorkload.listen(4, repeats, Duration.ofSeconds(30)), null));
            BenchResult sender = Bench.run(
                    options(3_220_000),
                    BroadcastWorkload.send(repeats, 11, Duration.ofSeconds(30), Duration.ofMillis(100)),
                    null);

            @SuppressWarnings("unchecked")
            List<BroadcastSent> sent = (List<BroadcastSent>) sender.extra().get("broadcasts");
            assertThat(sent).hasSize(repeats);
            assertThat(sender.deliveries().acknowledged()).isEqualTo(repeats);
            List<Long> msgIds = sent.stream().map(BroadcastSent::msgId).toList();
            for (var listener : List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS))) {
                int users = (int) listener.parameters().get("users");
                Deliveries d = listener.deliveries();
                assertThat(d.lost()).as("lost").isZero();
                assertThat(d.duplicated()).as("duplicated").isZero();
                assertThat(d.outOfOrder()).as("out of order").isZero();
                assertThat(d.expected()).isEqualTo((long) repeats * users);
                assertThat(d.delivered()).isEqualTo(d.expected());
                assertThat(d.latency().count()).isEqualTo(d.delivered());
                assertThat(listener.extra())
                        .containsEntry("incompleteRounds", 0)
                        .containsEntry("timedOut", false);
                @SuppressWarnings("unchecked")
                List<BroadcastReach> heard =
                        (List<BroadcastReach>) listener.extra().get("broadcasts");
                assertThat(heard).extracting(BroadcastReach::msgId).containsExactlyElementsOf(msgIds);
                assertThat(heard).allSatisfy(b -> {
                    assertThat(b.receivers()).isEqualTo(users);
                    assertThat(b.maxLatencyMs())
                            .isEqualTo(b.lastReceivedAt() - b.sentAt())
                            .isNotNegative();
                });
                assertThat(ResultJson.toJson(listener))
                        .contains("\"maxLatencyMs\"")
                        .contains("\"receivers\"");
            }
            assertThat(ResultJson.toJson(sender)).contains("\"msgId\" : " + msgIds.get(0));
        } finally {
            processes.shutdownNow();
        }
    }

    @Test
    void offlineMessagesAllArriveWhenTheirRecipientsLogIn() {
        BenchResult r = Bench.run(options(2_600_000), new OfflineWorkload(10, 5, 3, 4), null);

        assertContractHeld(r.deliveries());
        assertThat(r.deliveries().acknowledged()).isEqualTo(50);
        assertThat(r.deliveries().delivered()).isEqualTo(50);
        assertThat(r.logins().succeeded()).isEqualTo(10);
    }

    @Test
    void theSummaryAndTheJsonCarryTheCounts() throws Exception {
        BenchResult r =
                Bench.run(options(2_700_000), new PrivateWorkload(3, Pace.window(1), Duration.ofMillis(500)), null);
        ByteArrayOutputStream table = new ByteArrayOutputStream();

        ResultTable.print(r, new PrintStream(table, true, StandardCharsets.UTF_8));
        String json = ResultJson.toJson(r);

        assertThat(table.toString(StandardCharsets.UTF_8))
                .contains("contract held")
                .containsPattern("delivered +" + r.deliveries().delivered() + " of "
                        + r.deliveries().expected());
        assertThat(json)
                .contains("\"workload\" : \"private\"")
                .contains("\"delivered\" : " + r.deliveries().delivered())
                .contains("\"lost\" : 0");
    }
}
