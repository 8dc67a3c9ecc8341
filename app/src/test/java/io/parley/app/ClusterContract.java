package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.ParleyCli;
import io.parley.app.testing.ParleyServerExtension;
import io.parley.app.testing.RunningServer;
import io.parley.app.testing.ServerAddress;
import io.parley.client.ClientOptions;
import io.parley.client.LoginResult;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several Parley nodes on one Redis are one chat system: each node here is a full server with its own Redis
 * connections, in this JVM; users on different nodes talk as if they shared one. Run on a single Redis and
 * on a Redis Cluster by the subclasses.
 */
abstract class ClusterContract {
    /** Sent after the step a test is about, on the same ordered path: once it arrives, that step's effects have. */
    private static final String MARKER = "marker";

    @RegisterExtension
    final ParleyServerExtension a =
            new ParleyServerExtension(config -> asNode(config, "node-a", ServerConfig.DEFAULT_IO_THREADS));
    // On one event loop, as nodes that share a machine run (--io-threads 1): its client connections and its Redis
    // replies take turns on one thread.
    @RegisterExtension
    final ParleyServerExtension b = new ParleyServerExtension(config -> asNode(config, "node-b", 1));

    @TempDir
    Path data;

    final List<AutoCloseable> open = new ArrayList<>();

    /** The Redis the nodes share, emptied before each test. */
    protected abstract String redisUri();

    /** How many sessions Redis records for {@code userId} on {@code nodeId}, or null. */
    protected abstract String presenceRecord(int userId, String nodeId) throws Exception;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A third node, beside {@link #a} and {@link #b}; stopped after the test. */
    protected RunningServer node(String id) throws Exception {
        RunningServer node = RunningServer.with(
                asNode(RunningServer.testConfig().withDataDir(data), id, ServerConfig.DEFAULT_IO_THREADS));
        open.add(node);
        return node;
    }

    private ServerConfig asNode(ServerConfig config, String id, int ioThreads) {
        // Bursts of a hundred messages from one user, beyond the default message rate: ordering is tested here.
        return config.withRedisUri(redisUri())
                .withNodeId(id)
                .withNodeTtlMillis(1000)
                .withIoThreads(ioThreads)
                .withLoadTest(true);
    }

    protected ChatUser online(ServerAddress node, int id) throws Exception {
        ChatUser user = ChatUser.online(node, id);
        open.add(user);
        return user;
    }

    @Test
    void aBanMadeThroughOneNodeEndsTheSessionsAndRefusesTheLoginsOfEveryNode() throws Exception {
        RunningServer admin = node("node-c");
        ChatUser ann = online(b, 100);
        ChatUser bob = online(a, 200);

        ParleyCli.Result ban = ParleyCli.run(
                "admin",
                "--admin",
                "127.0.0.1:" + admin.adminPort(),
                "--data",
                data.toString(),
                "ban",
                "100",
                "--reason",
                "spam");

        assertThat(ban.code).as(ban.err).isZero();
        await().until(() -> !ann.client.isConnected());
        for (ServerAddress node : List.of(a, b)) {
            ChatUser again = new ChatUser(100, "pw-100");
            open.add(again);
            again.connect(node);
            LoginResult refused = again.login();
            assertThat(refused.code()).isEqualTo(423);
            assertThat(refused.error()).isEqualTo("banned: spam");
        }
        bob.client.sendPrivate(200, "bob carries on").get(10, TimeUnit.SECONDS);
        await().until(() -> bob.privateTexts().contains("bob carries on"));

        ParleyCli.Result unban = ParleyCli.run(
                "admin", "--admin", "127.0.0.1:" + admin.adminPort(), "--data", data.toString(), "unban", "100");
        assertThat(unban.code).as(unban.err).isZero();
        ChatUser back = new ChatUser(100, "pw-100");
        open.add(back);
        back.connect(b);
        assertThat(back.login().ok()).isTrue();
    }

    @Test
    void privateMessagesCrossNodesBothWaysExactlyOnceAndInOrder() throws Exception {
        ChatUser ann = online(a, 100);
        ChatUser bob = online(b, 200);
        List<String> toBob =
                IntStream.range(0, 100).mapToObj(i -> "to bob " + i).toList();
        List<String> toAnn =
                IntStream.range(0, 100).mapToObj(i -> "to ann " + i).toList();

        List<CompletableFuture<SendAckMes>> acks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            acks.add(ann.client.sendPrivate(200, toBob.get(i)));
            acks.add(bob.client.sendPrivate(100, toAnn.get(i)));
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);

        await().untilAsserted(() -> assertThat(bob.privateTexts()).containsExactlyElementsOf(toBob));
        await().untilAsserted(() -> assertThat(ann.privateTexts()).containsExactlyElementsOf(toAnn));
        // The markers: sent after every ack, on the same ordered paths; a late duplicate would arrive before them.
        ann.client.sendPrivate(200, MARKER).get(5, TimeUnit.SECONDS);
        bob.client.sendPrivate(100, MARKER).get(5, TimeUnit.SECONDS);
        await().untilAsserted(() -> assertThat(bob.privateTexts()).contains(MARKER));
        await().untilAsserted(() -> assertThat(ann.privateTexts()).contains(MARKER));
        assertThat(beforeMarker(bob.privateTexts())).hasSize(100);
        assertThat(beforeMarker(ann.privateTexts())).hasSize(100);
    }

    @Test
    void loggingOutEverywhereOnOneNodeClosesTheUsersSessionsOnTheOtherAndTheirTokensFailThere() throws Exception {
        ChatUser phone = online(a, 100);
        ChatUser laptop = new ChatUser(100, "pw-100");
        open.add(laptop);
        laptop.connect(b);
        assertThat(laptop.login().ok()).isTrue();
        ChatUser bob = online(b, 200);

        OkMes ok = phone.client.logoutEverywhere().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> !laptop.client.isConnected());
        try (ChatUser again = new ChatUser(100, "pw-100")) {
            again.connect(b);
            assertThat(again.client
                            .resume(100, laptop.login.resumeToken())
                            .get(5, TimeUnit.SECONDS)
                            .code())
                    .isEqualTo(403);
            assertThat(again.client
                            .resume(100, ok.resumeToken())
                            .get(5, TimeUnit.SECONDS)
                            .code())
                    .isEqualTo(200);
        }
        // Other users on that node are untouched.
        bob.client.sendPrivate(100, "hi").get(5, TimeUnit.SECONDS);
        await().untilAsserted(() -> assertThat(phone.privateTexts()).contains("hi"));
    }

    @Test
    void groupMessagesReachTheMembersOnEveryNodeAndJoinsThroughOneNodeCountOnTheOther() throws Exception {
        RunningServer c = node("node-c");
        ChatUser ann = online(a, 100);
        ChatUser bob = online(b, 200);
        ChatUser cat = online(c, 300);
        ann.client.createGroup("dev").get(5, TimeUnit.SECONDS);
        ann.client.sendGroup("dev", "before anyone joined").get(5, TimeUnit.SECONDS); // node A caches the members

        bob.client.joinGroup("dev").get(5, TimeUnit.SECONDS);
        cat.client.joinGroup("dev").get(5, TimeUnit.SECONDS);
        for (ChatUser u : List.of(ann, bob, cat)) {
            u.client.sendGroup("dev", "from " + u.id).get(5, TimeUnit.SECONDS);
        }

        await().untilAsserted(() -> {
            assertThat(bob.groupTexts()).contains("from 100", "from 300");
            assertThat(cat.groupTexts()).contains("from 100", "from 200");
            assertThat(ann.groupTexts()).containsExactly("from 200", "from 300");
        });
        // Right after their joins, whatever node sent: each node fans out to its own users with members it knows.
        assertThat(bob.groupTexts()).containsExactly("from 100", "from 300");
        assertThat(cat.groupTexts()).containsExactly("from 100", "from 200");
        assertThat(bob.groups).extracting(g -> g.seq()).isSorted();
    }

    @Test
    void aWebSocketUserOnOneNodeAndATcpUserOnAnotherAreOneSystem() throws Exception {
        RunningServer c = node("node-c");
        ChatUser ann = online(a, 100);
        ChatUser web = new ChatUser(300, "pw-300", ClientOptions.defaults().withWebSocket(true));
        open.add(web);
        web.registerAndLogin(c.webAddress());
        ann.client.createGroup("web").get(5, TimeUnit.SECONDS);
        web.client.joinGroup("web").get(5, TimeUnit.SECONDS);

        ann.client.sendPrivate(300, "to the browser").get(5, TimeUnit.SECONDS);
        web.client.sendGroup("web", "from the browser").get(5, TimeUnit.SECONDS);

        await().untilAsserted(() -> {
            assertThat(web.privateTexts()).containsExactly("to the browser");
            assertThat(ann.groupTexts()).containsExactly("from the browser");
            assertThat(ann.statuses).contains(new NotifyUserStatusMes(300, NotifyUserStatusMes.ONLINE));
        });
    }

    @Test
    void theBroadcastReachesEveryoneOnEveryNodeButTheSender() throws Exception {
        ChatUser ann = online(a, 100);
        ChatUser amy = online(a, 101);
        ChatUser bob = online(b, 200);
        ChatUser ben = online(b, 201);

        ann.client.broadcast("hello all").get(5, TimeUnit.SECONDS);

        for (ChatUser u : List.of(amy, bob, ben)) {
            await().untilAsserted(() ->
                    assertThat(u.broadcasts).extracting(m -> m.content()).containsExactly("hello all"));
        }
        // The marker: a broadcast from the other node, after ann's; had hers come back to her, it would be first.
        bob.client.broadcast(MARKER).get(5, TimeUnit.SECONDS);
        await().untilAsserted(() ->
                assertThat(ann.broadcasts).extracting(m -> m.content()).contains(MARKER));
        assertThat(beforeMarker(ann.broadcasts.stream().map(m -> m.content()).toList()))
                .isEmpty();
    }

    @Test
    void theOnlineListIsGlobalAndAUserOnTwoNodesIsOneOnlineUser() throws Exception {
        ChatUser bob = online(b, 200);
        ChatUser ann = online(a, 100);
        // Node A hears of Bob through Redis, a moment after his login: the list converges, it is not instant.
        await().untilAsserted(() -> assertThat(
                        ann.client.onlineUsers(0, 100).get(5, TimeUnit.SECONDS).userIds())
                .containsExactly(100, 200));

        ChatUser catOnB = online(b, 300);
        await().untilAsserted(() -> assertThat(statusesOf(ann, 300)).containsExactly(NotifyUserStatusMes.ONLINE));
        ChatUser catOnA = new ChatUser(300, "pw-300");
        open.add(catOnA);
        catOnA.connect(a);
        assertThat(catOnA.login().ok()).isTrue();
        // Logged in on A as far as Redis knows before leaving B; otherwise the logout on B would be, briefly, the last.
        await().until(() -> "1".equals(presenceRecord(300, "node-a")));
        catOnB.disconnect();
        await().until(() -> presenceRecord(300, "node-b") == null);
        // The marker: dan's login through B, announced after anything cat's logout there could have caused.
        ChatUser dan = online(b, 400);
        await().untilAsserted(() -> {
            assertThat(statusesOf(ann, 400)).contains(NotifyUserStatusMes.ONLINE);
            assertThat(statusesOf(bob, 400)).contains(NotifyUserStatusMes.ONLINE);
        });
        // Neither the second login nor the first logout is a change anyone hears of.
        assertThat(statusesOf(ann, 300)).containsExactly(NotifyUserStatusMes.ONLINE);
        assertThat(statusesOf(bob, 300)).containsExactly(NotifyUserStatusMes.ONLINE);
        dan.disconnect();
        // Gone from B's online list, which is read at the end, once bob has heard so.
        await().untilAsserted(() -> assertThat(statusesOf(bob, 400)).contains(NotifyUserStatusMes.OFFLINE));

        catOnA.disconnect();

        await().untilAsserted(() -> assertThat(statusesOf(bob, 300))
                .containsExactly(NotifyUserStatusMes.ONLINE, NotifyUserStatusMes.OFFLINE));
        await().untilAsserted(() -> assertThat(statusesOf(ann, 300))
                .containsExactly(NotifyUserStatusMes.ONLINE, NotifyUserStatusMes.OFFLINE));
        assertThat(bob.client.onlineUsers(0, 100).get(5, TimeUnit.SECONDS).userIds())
                .containsExactly(100, 200);
    }

    @Test
    void offlineMessagesStoredThroughOneNodeAreDeliveredThroughAnother() throws Exception {
        online(b, 200).disconnect();
        ChatUser ann = online(a, 100);
        for (int i = 0; i < 20; i++) {
            ann.client.sendPrivate(200, "while away " + i).get(5, TimeUnit.SECONDS);
        }

        ChatUser bob = new ChatUser(200, "pw-200");
        open.add(bob);
        bob.connect(b);
        assertThat(bob.login().ok()).isTrue();

        await().untilAsserted(() -> assertThat(bob.privateTexts())
                .containsExactlyElementsOf(
                        IntStream.range(0, 20).mapToObj(i -> "while away " + i).toList()));
    }

    /** The texts that came before {@link #MARKER}; all of them when it has not come. */
    private static List<String> beforeMarker(List<String> texts) {
        int marker = texts.indexOf(MARKER);
        return marker < 0 ? texts : texts.subList(0, marker);
    }

    private static List<Integer> statusesOf(ChatUser listener, int userId) {
        return listener.statuses.stream()
                .filter(s -> s.userId() == userId)
                .map(NotifyUserStatusMes::status)
                .toList();
    }
}
