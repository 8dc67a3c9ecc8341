package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.ParleyCli;
import io.parley.app.testing.RunningServer;
import io.parley.app.testing.TutorialClient;
import io.parley.app.testing.TutorialUsers;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.server.admin.AdminSettings;
import io.parley.server.admin.AdminToken;
import io.parley.server.store.Logs;
import io.parley.server.store.StoredMessage;
import io.parley.server.store.Stores;
import io.parley.server.store.redis.RedisServerProcess;
import io.parley.server.store.sqlite.SqliteStores;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin listener of a real server over real sockets: metrics, health, and the operator's commands. */
class AdminListenerTest {
    /** Every label name a parley_ series may carry: each has a fixed, small set of values. */
    private static final Set<String> BOUNDED_LABELS =
            Set.of("listener", "reason", "type", "reply", "code", "store", "operation", "action", "queue", "le");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.with(RunningServer.testConfig().withDataDir(dir.resolve("data")));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String admin() {
        return "127.0.0.1:" + server.adminPort();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + admin() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private ParleyCli.Result cli(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "admin";
        all[1] = "--admin";
        all[2] = admin();
        all[3] = "--data";
        all[4] = dir.resolve("data").toString();
        System.arraycopy(args, 0, all, 5, args.length);
        return ParleyCli.run(all);
    }

    @Test
    void metricsCountConnectionsRequestsAndDeliveriesInThePrometheusFormatWithBoundedLabels() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100);
                ChatUser bob = ChatUser.online(server, 200)) {
            tom.client.sendPrivate(200, "counted").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.privates.size() == 1);

            HttpResponse<String> metrics = get("/metrics");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            String text = metrics.body();
            assertThat(value(text, "parley_connections{listener=\"tcp\"}")).isEqualTo(2);
            assertThat(value(text, "parley_sessions")).isEqualTo(2);
            assertThat(value(text, "parley_requests_total{type=\"PrivateMes\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "parley_messages_sent_total{type=\"PrivateMes\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "parley_messages_sent_total{type=\"SendAckMes\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "parley_users_online")).isEqualTo(2);
            assertThat(text)
                    .contains("parley_store_operation_seconds_count{operation=\"append\",store=\"messages\"}")
                    .contains("parley_connections_cut_off_total{reason=\"slow_consumer\"} 0")
                    .contains("jvm_memory_used_bytes");
            Matcher labels = Pattern.compile("(?m)^parley_\\w+\\{([^}]*)}").matcher(text);
            while (labels.find()) {
                for (String pair : labels.group(1).split(",", -1)) {
                    assertThat(BOUNDED_LABELS).as(labels.group()).contains(pair.substring(0, pair.indexOf('=')));
                }
            }
        }
    }

    @Test
    void everyMetricTheOperationsGuideAndTheDashboardNameIsOneTheServerExposes() throws Exception {
        Set<String> documented = new TreeSet<>();
        for (Path doc : List.of(
                Path.of("..", "docs", "operations.md"), Path.of("..", "docs", "grafana", "parley-dashboard.json"))) {
            Matcher names = Pattern.compile("parley_[a-z_]+[a-z]").matcher(Files.readString(doc));
            while (names.find()) {
                documented.add(names.group());
            }
        }
        try (TutorialClient wrong = new TutorialClient(server.host(), server.port())) {
            TutorialUsers.register(server, 100, "tom");
            wrong.login(100, "not the password");
            assertThat(wrong.read().data().path("code").asInt()).isEqualTo(403);
        }
        String exposed = get("/metrics").body();
        // Only a node on Redis has a heartbeat (aServerOnRedisSaysThatBackingUpRedisIsRedissJob sees it).
        documented.remove("parley_cluster_heartbeat_age_seconds");

        assertThat(documented)
                .hasSizeGreaterThan(10)
                .allSatisfy(name -> assertThat(exposed)
                        .as(name)
                        .containsPattern(
                                "(?m)^" + name.replaceAll("_(bucket|count|sum)$", "") + "(_bucket|_count|_sum)?[{ ]"));
    }

    @Test
    void refusalsAreCountedByReplyAndCode() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100)) {
            var unused = tom.client.sendPrivate(999, "to nobody");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> value(get("/metrics").body(), "parley_refusals_total{code=\"404\",reply=\"ErrorMes\"}")
                            == 1);
        }
    }

    @Test
    void healthIsUpWhenTheStoreAnswersAndDownWhenItDoesNot() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        try (RedisServerProcess redis = RedisServerProcess.start();
                RunningServer onRedis = RunningServer.redis(redis.uri(), dir.resolve("redis-node"))) {
            String health = "http://127.0.0.1:" + onRedis.adminPort() + "/health";
            HttpRequest request = HttpRequest.newBuilder(URI.create(health)).build();
            assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);

            redis.pause();
            try {
                HttpResponse<String> down = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("\"status\":\"down\"");
            } finally {
                redis.startAgain();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> HTTP.send(request, HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 200);
        }
    }

    @Test
    void theTokenIsMadeReadableByTheOwnerOnlyAndTheAdminPathsNeedIt() throws Exception {
        Path token = dir.resolve("data").resolve(AdminToken.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                .isEqualTo("rw-------");

        HttpResponse<String> without = get("/admin/who");
        HttpResponse<String> wrong = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + admin() + "/admin/who"))
                        .header("Authorization", "Bearer not-the-token")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(without.body()).contains(AdminToken.FILE_NAME);
        assertThat(AdminSettings.DEFAULTS.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void whoListsTheUsersOnlineAndStatsDescribeTheNode() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100);
                ChatUser bob = ChatUser.online(server, 200)) {
            ParleyCli.Result who = cli("who");
            ParleyCli.Result stats = cli("stats");

            assertThat(who.code).as(who.err).isZero();
            assertThat(who.out).contains("online: 2").contains("userIds: [100,200]");
            assertThat(stats.code).as(stats.err).isZero();
            assertThat(stats.out).contains("sessionsOnThisNode: 2").contains("store: sqlite");
        }
    }

    @Test
    void kickEndsTheUsersSessionsAndItsResumeTokensAndNobodyElses() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100);
                ChatUser bob = ChatUser.online(server, 200)) {
            String token = tom.login.resumeToken();

            ParleyCli.Result kick = cli("kick", "100");

            assertThat(kick.code).as(kick.err).isZero();
            assertThat(kick.out).contains("sessionsEndedOnThisNode: 1");
            await().atMost(Duration.ofSeconds(10)).until(() -> !tom.client.isConnected());
            tom.connect(server);
            assertThat(tom.client.resume(100, token).get(10, TimeUnit.SECONDS).code())
                    .as("a resume token from before the kick")
                    .isEqualTo(403);
            bob.client.sendPrivate(200, "still here").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(bob.privates)
                            .extracting(PrivateDelivery::content)
                            .containsExactly("still here"));
            assertThat(cli("kick", "12345").code).isEqualTo(1);
        }
    }

    @Test
    void aBannedTutorialUserIsToldWhyAndUntilWhenAndAnUnbanLetsItBackIn() throws Exception {
        TutorialUsers.register(server, 300, "gopher");

        ParleyCli.Result ban = cli("ban", "300", "--for", "2h", "--reason", "flooding the room");

        assertThat(ban.code).as(ban.err).isZero();
        assertThat(ban.out).contains("reason: flooding the room").containsPattern("until: 20\\d\\d-");
        try (TutorialClient gopher = new TutorialClient(server.host(), server.port())) {
            gopher.login(300, TutorialUsers.PASSWORD);
            TutorialClient.Frame reply = gopher.read();
            assertThat(reply.data().path("code").asInt()).isEqualTo(423);
            assertThat(reply.data().path("error").asText())
                    .startsWith("banned until ")
                    .endsWith(": flooding the room");
        }
        assertThat(cli("unban", "300").code).isZero();
        assertThat(cli("unban", "300").code).as("not banned any more").isEqualTo(1);
        TutorialUsers.legacy(server, 300).close();
    }

    @Test
    void aResetPasswordIsPrintedOnceEndsTheSessionsAndReplacesTheOldOne() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100)) {
            ParleyCli.Result reset = cli("--json", "reset-password", "100");

            assertThat(reset.code).as(reset.err).isZero();
            String password = reset.out.replaceAll("(?s).*\"password\":\"([^\"]+)\".*", "$1");
            assertThat(password).hasSize(16);
            await().atMost(Duration.ofSeconds(10)).until(() -> !tom.client.isConnected());
            tom.connect(server);
            assertThat(tom.client.login(100, "pw-100").get(10, TimeUnit.SECONDS).code())
                    .isEqualTo(403);
            assertThat(tom.client.login(100, password).get(10, TimeUnit.SECONDS).ok())
                    .isTrue();
        }
    }

    @Test
    void aDeletedUserIsGoneItsIdStaysTakenAndMessagesToItAreRefused() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100);
                ChatUser bob = ChatUser.online(server, 200)) {
            tom.client.sendPrivate(200, "before the deletion").get(10, TimeUnit.SECONDS);

            ParleyCli.Result delete = cli("delete-user", "200");

            assertThat(delete.code).as(delete.err).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> !bob.client.isConnected());
            assertThat(catchThrowable(() -> tom.client.sendPrivate(200, "after").get(10, TimeUnit.SECONDS)))
                    .hasMessageContaining("no such user: 200");
            bob.connect(server);
            assertThat(bob.client.login(200, "pw-200").get(10, TimeUnit.SECONDS).code())
                    .as("no such user (the seed's code)")
                    .isEqualTo(500);
            assertThat(bob.client
                            .register(200, "new", "impostor")
                            .get(10, TimeUnit.SECONDS)
                            .code())
                    .as("the id stays taken")
                    .isEqualTo(505);
            assertThat(cli("delete-user", "200").code).isEqualTo(1);
        }
    }

    @Test
    void backupWritesAnOnlineCopyThatOpensWithTheAccountsAndTheMessages() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100);
                ChatUser bob = ChatUser.online(server, 200)) {
            tom.client.sendPrivate(200, "kept in the backup").get(10, TimeUnit.SECONDS);
        }
        Path copy = Files.createDirectory(dir.resolve("copy")).resolve("parley.db");

        ParleyCli.Result backup = cli("backup", copy.toString());
        ParleyCli.Result again = cli("backup", copy.toString());

        assertThat(backup.code).as(backup.err).isZero();
        assertThat(backup.out).contains("bytes: ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                .isEqualTo("rw-------");
        assertThat(again.code).isEqualTo(1);
        assertThat(again.err).contains("exists");
        try (Stores restored = SqliteStores.open(copy.getParent())) {
            assertThat(restored.users().find(100).get(10, TimeUnit.SECONDS)).isPresent();
            assertThat(restored.messages().readAfter(Logs.inbox(200), 0, 10).get(10, TimeUnit.SECONDS))
                    .extracting(StoredMessage::content)
                    .containsExactly("kept in the backup");
        }
        assertThat(value(get("/metrics").body(), "parley_admin_actions_total{action=\"backup\"}"))
                .isEqualTo(1);
        assertThat(get("/metrics").body())
                .contains("parley_sqlite_queue{queue=\"writes\"}")
                .contains("parley_password_hash_queue ");
    }

    @Test
    void aServerOnRedisSaysThatBackingUpRedisIsRedissJob() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                RunningServer onRedis = RunningServer.redis(redis.uri(), dir.resolve("redis-node"))) {
            ParleyCli.Result backup = ParleyCli.run(
                    "admin",
                    "--admin",
                    "127.0.0.1:" + onRedis.adminPort(),
                    "--data",
                    dir.resolve("redis-node").toString(),
                    "backup",
                    dir.resolve("nothing.db").toString());

            assertThat(backup.code).isEqualTo(1);
            assertThat(backup.err).contains("Redis");
            assertThat(Files.exists(dir.resolve("nothing.db"))).isFalse();
            assertThat(HTTP.send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://127.0.0.1:" + onRedis.adminPort() + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("parley_cluster_heartbeat_age_seconds ");
        }
    }

    @Test
    void aTakenAdminPortStopsTheStartWithASentenceThatNamesTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ParleyCli.Result start = ParleyCli.run(
                    "server",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--http-port",
                    "0",
                    "--admin-port",
                    Integer.toString(taken.getLocalPort()),
                    "--data",
                    dir.resolve("taken").toString());

            assertThat(start.code).isEqualTo(1);
            assertThat(start.err).contains("--admin-port").contains(Integer.toString(taken.getLocalPort()));
        }
    }

    /** The value of one series in the text format. */
    private static double value(String text, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no series " + series);
        }
        return Double.parseDouble(m.group(1));
    }
}
