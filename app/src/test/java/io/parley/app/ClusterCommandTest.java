package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisURI;
import io.parley.app.testing.ParleyCli;
import io.parley.client.ClientListener;
import io.parley.client.ClientOptions;
import io.parley.client.LoginResult;
import io.parley.client.ParleyClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley cluster} for real: a redis-server and two node JVMs on free loopback ports, in a temporary
 * folder. The nodes run from this test's class path, as they would from the jar.
 */
class ClusterCommandTest {
    /** Small, quickly started node JVMs; nothing here measures them. */
    private static final String NODE_JAVA_OPTS = "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Whatever a failed test left running, stopped through the command's own state file. */
    @AfterEach
    void stopLeftovers() {
        if (Files.exists(dir.resolve(ClusterState.FILE_NAME))) {
            ParleyCli.run("cluster", "stop", "--dir", dir.toString());
        }
    }

    @Test
    void startsTwoNodesOnOneRedisThatClientsUseAndStopEndsExactlyTheProcessesStarted() throws Exception {
        int basePort = ParleyCli.consecutiveFreePorts(2);
        int redisPort = freePortOtherThan(basePort, basePort + 1);

        ParleyCli.Result start = start(basePort, redisPort);

        assertThat(start.code).as(start.err).isZero();
        assertThat(start.out.strip()).isEqualTo("127.0.0.1:" + basePort + ",127.0.0.1:" + (basePort + 1));
        JsonNode state = JSON.readTree(dir.resolve(ClusterState.FILE_NAME).toFile());
        assertThat(state.get("redisUri").asText()).isEqualTo("redis://127.0.0.1:" + redisPort);
        List<Long> pids = pids(state);
        assertThat(pids).hasSize(3).allMatch(ClusterCommandTest::alive);
        assertThat(acceptsConnections(basePort)).isTrue();
        assertThat(acceptsConnections(basePort + 1)).isTrue();
        // Registered through node 0, logged in through node 1: both nodes work on the one Redis.
        assertThat(registerAndLogin(basePort, 100, true).ok()).isTrue();
        assertThat(registerAndLogin(basePort + 1, 100, false).ok()).isTrue();
        assertThat(registerAndLogin(basePort + 1, 200, true).ok()).isTrue();
        assertThat(ParleyCli.run("cluster", "status", "--dir", dir.toString()).code)
                .isZero();

        ParleyCli.Result stop = ParleyCli.run("cluster", "stop", "--dir", dir.toString());

        assertThat(stop.code).as(stop.err).isZero();
        assertThat(stop.out).contains("stopped node-0", "stopped node-1", "stopped redis");
        assertThat(pids).noneMatch(ClusterCommandTest::alive);
        assertThat(dir.resolve(ClusterState.FILE_NAME)).doesNotExist();
        assertThat(acceptsConnections(basePort)).isFalse();
        assertThat(acceptsConnections(redisPort)).isFalse();
    }

    @Test
    void killNodeKillsOnlyThatNodeAndRestartNodeBringsItBack() throws Exception {
        int basePort = ParleyCli.consecutiveFreePorts(2);
        ParleyCli.Result start = start(basePort, freePortOtherThan(basePort, basePort + 1));
        assertThat(start.code).as(start.err).isZero();
        List<Long> pids = pids(JSON.readTree(dir.resolve(ClusterState.FILE_NAME).toFile()));
        long redis = pids.get(0);
        long node0 = pids.get(1);
        long node1 = pids.get(2);

        ParleyCli.Result kill = ParleyCli.run("cluster", "kill-node", "1", "--dir", dir.toString());

        assertThat(kill.code).as(kill.err).isZero();
        assertThat(alive(node1)).isFalse();
        assertThat(alive(node0)).isTrue();
        assertThat(alive(redis)).isTrue();
        assertThat(acceptsConnections(basePort)).isTrue();
        assertThat(acceptsConnections(basePort + 1)).isFalse();
        ParleyCli.Result status = ParleyCli.run("cluster", "status", "--dir", dir.toString());
        assertThat(status.code).isEqualTo(1);
        assertThat(status.out).containsPattern("node-1 +pid " + node1 + " +gone");
        assertThat(start(basePort, 0).err).contains("already running");

        ParleyCli.Result restart = ParleyCli.run("cluster", "restart-node", "1", "--dir", dir.toString());

        assertThat(restart.code).as(restart.err).isZero();
        assertThat(acceptsConnections(basePort + 1)).isTrue();
        assertThat(registerAndLogin(basePort + 1, 300, true).ok()).isTrue();
        assertThat(ParleyCli.run("cluster", "stop", "--dir", dir.toString()).code)
                .isZero();
        assertThat(List.of(redis, node0)).noneMatch(ClusterCommandTest::alive);
    }

    @Test
    void restartRedisBringsBackWhatWasWrittenBeforeKillRedis() throws Exception {
        int basePort = ParleyCli.consecutiveFreePorts(2);
        ParleyCli.Result start = start(basePort, freePortOtherThan(basePort, basePort + 1));
        assertThat(start.code).as(start.err).isZero();
        List<Long> pids = pids(JSON.readTree(dir.resolve(ClusterState.FILE_NAME).toFile()));
        assertThat(registerAndLogin(basePort, 100, true).ok()).isTrue();

        ParleyCli.Result kill = ParleyCli.run("cluster", "kill-redis", "--dir", dir.toString());

        assertThat(kill.code).as(kill.err).isZero();
        assertThat(alive(pids.get(0))).isFalse();
        assertThat(pids.subList(1, 3)).allMatch(ClusterCommandTest::alive);

        ParleyCli.Result restart = ParleyCli.run("cluster", "restart-redis", "--dir", dir.toString());

        assertThat(restart.code).as(restart.err).isZero();
        List<Long> after =
                pids(JSON.readTree(dir.resolve(ClusterState.FILE_NAME).toFile()));
        assertThat(after.get(0)).isNotEqualTo(pids.get(0));
        assertThat(after.subList(1, 3)).isEqualTo(pids.subList(1, 3));
        // The account written before the kill is back from the append-only file, once the node has reconnected.
        await().atMost(30, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(
                                registerAndLogin(basePort + 1, 100, false).ok())
                        .isTrue());
        assertThat(ParleyCli.run("cluster", "stop", "--dir", dir.toString()).code)
                .isZero();
        assertThat(after).noneMatch(ClusterCommandTest::alive);
    }

    @Test
    void aTakenPortIsReportedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ParleyCli.Result start = ParleyCli.run(
                    "cluster",
                    "start",
                    "--nodes",
                    "2",
                    "--base-port",
                    "" + taken.getLocalPort(),
                    "--dir",
                    dir.toString());

            assertThat(start.code).isEqualTo(1);
            assertThat(start.err).contains("port " + taken.getLocalPort() + " (for node-0) is in use");
            assertThat(dir.resolve(ClusterState.FILE_NAME)).doesNotExist();
            assertThat(dir.resolve("redis.log")).doesNotExist();
        }
    }

    /** A PID in the state file that now belongs to another process (another start time) is left alone. */
    @Test
    void stopNeverTouchesAProcessThatReusedAPid() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            ClusterMember reused = new ClusterMember(
                    "node-0",
                    stranger.pid(),
                    "2000-01-01T00:00:00Z",
                    1,
                    List.of("sleep", "60"),
                    dir.resolve("node-0.log").toString());
            new ClusterState("redis://127.0.0.1:1", null, List.of(reused)).write(dir);

            ParleyCli.Result kill = ParleyCli.run("cluster", "kill-node", "0", "--dir", dir.toString());
            ParleyCli.Result stop = ParleyCli.run("cluster", "stop", "--dir", dir.toString());

            assertThat(kill.out).contains("was not running");
            assertThat(stop.out).contains("was not running");
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Run as its own JVM, because the PATH of this one cannot be changed. */
    @Test
    void withoutRedisServerOnThePathItSaysSo() throws Exception {
        Path emptyPath = Files.createDirectories(dir.resolve("empty-path"));
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ParleyCommand.class.getName(),
                        "cluster",
                        "start",
                        "--nodes",
                        "1",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true);
        builder.environment().put("PATH", emptyPath.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("redis-server is not on the PATH");
        assertThat(dir.resolve(ClusterState.FILE_NAME)).doesNotExist();
    }

    private ParleyCli.Result start(int basePort, int redisPort) {
        List<String> args = new ArrayList<>(List.of(
                "cluster",
                "start",
                "--nodes",
                "2",
                "--base-port",
                "" + basePort,
                "--dir",
                dir.toString(),
                "--bcrypt-cost",
                "4",
                "--java-opts",
                NODE_JAVA_OPTS,
                "--node-opt",
                "--presence-limit 100",
                "--timeout",
                "60"));
        if (redisPort != 0) {
            args.addAll(List.of("--redis-port", "" + redisPort));
        }
        return ParleyCli.run(args.toArray(String[]::new));
    }

    /** Redis first, then the nodes in order. */
    private static List<Long> pids(JsonNode state) {
        List<Long> pids = new ArrayList<>();
        pids.add(state.get("redis").get("pid").asLong());
        state.get("nodes").forEach(node -> pids.add(node.get("pid").asLong()));
        return pids;
    }

    private static LoginResult registerAndLogin(int port, int userId, boolean register) throws Exception {
        ParleyClient client = new ParleyClient(ClientOptions.defaults(), ClientListener.NONE);
        try {
            client.connect("127.0.0.1", port).get(10, TimeUnit.SECONDS);
            if (register) {
                assertThat(client.register(userId, "pw", "user" + userId)
                                .get(10, TimeUnit.SECONDS)
                                .code())
                        .isEqualTo(200);
            }
            return client.login(userId, "pw").get(10, TimeUnit.SECONDS);
        } finally {
            client.close().get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean acceptsConnections(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int freePortOtherThan(int... taken) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (port != RedisURI.DEFAULT_REDIS_PORT && Arrays.stream(taken).noneMatch(t -> t == port)) {
                    return port;
                }
            }
        }
    }
}
