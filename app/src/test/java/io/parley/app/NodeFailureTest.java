package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.ParleyCli;
import io.parley.client.ClientOptions;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.SendAckMes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL mid-conversation, its nodes real processes started by {@code parley cluster}: the
 * other nodes keep serving, its users are shown offline within the heartbeat bound, and nothing acknowledged
 * is lost — a client that was on it reconnects to another node and every acknowledged message reaches its
 * recipient exactly once.
 */
class NodeFailureTest {
    private static final int NODE_TTL_MILLIS = 1500;
    private static final String NODE_JAVA_OPTS = "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    @TempDir
    Path dir;

    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        ParleyCli.run("cluster", "stop", "--dir", dir.toString());
    }

    @Test
    void killingANodeLosesNothingAcknowledgedAndItsUsersAreOfflineWithinTheHeartbeatBound() throws Exception {
        List<InetSocketAddress> nodes = startCluster(3);
        ChatUser ann = user(100, ClientOptions.defaults(), List.of(nodes.get(0)));
        user(400, ClientOptions.defaults(), List.of(nodes.get(2))); // dan, only on the node to die
        // Bob is on node 2, the one to die, and knows node 1 too.
        ChatUser bob = user(200, ClientOptions.defaults().withReconnect(true), List.of(nodes.get(2), nodes.get(1)));
        await().untilAsserted(() -> assertThat(
                        ann.client.onlineUsers(0, 10).get(5, TimeUnit.SECONDS).userIds())
                .contains(200, 400));

        List<CompletableFuture<SendAckMes>> annToBob = new ArrayList<>();
        List<CompletableFuture<SendAckMes>> bobToAnn = new ArrayList<>();
        long killedAt = 0;
        for (int i = 0; i < 100; i++) {
            annToBob.add(ann.client.sendPrivate(200, "a" + i));
            bobToAnn.add(bob.client.sendPrivate(100, "b" + i));
            if (i == 40) {
                ParleyCli.Result kill = ParleyCli.run("cluster", "kill-node", "2", "--dir", dir.toString());
                assertThat(kill.code).as(kill.err).isZero();
                killedAt = System.nanoTime();
            }
            Thread.sleep(5); // paces the sends, so that the kill falls mid-conversation; not a wait for something
        }

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(ann.statuses).contains(new NotifyUserStatusMes(400, NotifyUserStatusMes.OFFLINE)));
        long offlineAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        // The bound is ttl + ttl/5 from the last beat; a second more for the sweep, pub/sub and this test's polling.
        System.out.printf("NodeFailureTest: killed node's user shown offline after %d ms%n", offlineAfterMillis);
        assertThat(offlineAfterMillis)
                .as("dan shown offline after the node's time to live plus one beat")
                .isLessThan(NODE_TTL_MILLIS + NODE_TTL_MILLIS / 5 + 1_000);

        // Every send of Ann's went to a live node and is acknowledged; Bob's are once he has reconnected.
        CompletableFuture.allOf(annToBob.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        CompletableFuture.allOf(bobToAnn.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        List<String> expectedByBob = new ArrayList<>();
        List<String> expectedByAnn = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expectedByBob.add("a" + i);
            expectedByAnn.add("b" + i);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(bob.privateTexts()).containsExactlyElementsOf(expectedByBob);
            assertThat(ann.privateTexts()).containsExactlyElementsOf(expectedByAnn);
        });
        assertThat(ann.client.onlineUsers(0, 10).get(5, TimeUnit.SECONDS).userIds())
                .containsExactly(100, 200);
    }

    private ChatUser user(int id, ClientOptions options, List<InetSocketAddress> servers) throws Exception {
        ChatUser user = new ChatUser(id, "pw-" + id, options);
        open.add(user);
        user.client.connect(servers).get(10, TimeUnit.SECONDS);
        user.client.register(id, user.password, "user" + id).get(10, TimeUnit.SECONDS);
        assertThat(user.login().ok()).isTrue();
        return user;
    }

    private List<InetSocketAddress> startCluster(int nodes) throws IOException {
        // --load-test: both users send a hundred messages at once, beyond the default message rate.
        ParleyCli.Result start = ParleyCli.run(
                "cluster",
                "start",
                "--nodes",
                "" + nodes,
                "--load-test",
                "--base-port",
                "" + ParleyCli.consecutiveFreePorts(nodes),
                "--dir",
                dir.toString(),
                "--bcrypt-cost",
                "4",
                "--java-opts",
                NODE_JAVA_OPTS,
                "--node-opt",
                "--node-ttl " + NODE_TTL_MILLIS + " --io-threads 1",
                "--timeout",
                "60");
        assertThat(start.code).as(start.err).isZero();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String hostPort : start.out.strip().split(",", -1)) {
            int colon = hostPort.lastIndexOf(':');
            addresses.add(new InetSocketAddress(
                    hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
        }
        return addresses;
    }
}
