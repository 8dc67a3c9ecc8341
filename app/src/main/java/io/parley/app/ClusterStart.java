package io.parley.app;

import io.parley.app.ClusterCommand.ClusterException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley cluster start}: a {@code redis-server} from the PATH (unless {@code --redis} names one), then N
 * nodes, each a JVM running this jar's {@code server} command on its own port. Prints the node addresses on
 * stdout, progress on stderr, and returns with everything left running.
 */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = "Start a Redis and N nodes in the background; print the nodes' addresses.")
final class ClusterStart extends ClusterCommand.Sub {
    @Option(names = "--nodes", required = true, paramLabel = "N", description = "How many nodes.")
    int nodes;

    @Option(
            names = "--base-port",
            defaultValue = "8889",
            paramLabel = "PORT",
            description = "Node i listens on base-port + i (default: ${DEFAULT-VALUE}).")
    int basePort;

    // Off by default: tests and benchmarks start local clusters, and browsers need one node to talk to, not N.
    @Option(
            names = "--http-base-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "Node i also serves browsers (WebSocket at /ws) on PORT + i (default: off).")
    int httpBasePort;

    @Option(
            names = "--admin-base-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "Node i's admin listener (/metrics, /health, parley admin) on 127.0.0.1:PORT + i "
                    + "(default: off).")
    int adminBasePort;

    @Option(
            names = "--redis-port",
            paramLabel = "PORT",
            description = "Port of the Redis this starts (default: a free one).")
    Integer redisPort;

    @Option(
            names = "--redis",
            paramLabel = "URI",
            description = "Start no Redis; the nodes use this one (it is never stopped or restarted).")
    String redisUri;

    @Option(names = "--bcrypt-cost", paramLabel = "N", description = "Password hash cost of every node.")
    Integer bcryptCost;

    @Option(
            names = "--java-opts",
            paramLabel = "OPTS",
            defaultValue = "-XX:+UseG1GC -Xms16m -Xmx512m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 "
                    + "-XX:G1PeriodicGCInterval=15000 -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=5000",
            description = "JVM options of every node, split on spaces (default: ${DEFAULT-VALUE}).")
    String javaOpts;

    // Off by default: a local cluster keeps the limits of a real one unless a benchmark or test asks otherwise.
    @Option(
            names = "--load-test",
            description = "Start every node with --load-test: per-address and per-user "
                    + "limits lifted, for benchmarks that drive thousands of users from this machine.")
    boolean loadTest;

    @Option(
            names = "--node-opt",
            paramLabel = "OPTS",
            description = "More `parley server` options for every node, split on spaces; repeatable, "
                    + "e.g. --node-opt \"--presence-limit 1000\".")
    List<String> nodeOpts = new ArrayList<>();

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "How long to wait for Redis and the nodes to answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    int run(Path dir) throws ClusterException, IOException {
        if (nodes < 1 || basePort < 1 || basePort + nodes - 1 > 65_535) {
            throw new ClusterException("--nodes " + nodes + " --base-port " + basePort
                    + " (expected: at least 1 node, on ports from 1 to 65535)");
        }
        if (httpBasePort < 0 || (httpBasePort > 0 && httpBasePort + nodes - 1 > 65_535)) {
            throw new ClusterException("--http-base-port " + httpBasePort + " (expected: 0 for off, or a port such "
                    + "that every node's is at most 65535)");
        }
        if (adminBasePort < 0 || (adminBasePort > 0 && adminBasePort + nodes - 1 > 65_535)) {
            throw new ClusterException("--admin-base-port " + adminBasePort + " (expected: 0 for off, or a port "
                    + "such that every node's is at most 65535)");
        }
        if (redisUri != null && redisPort != null) {
            throw new ClusterException("--redis and --redis-port exclude each other: --redis starts no Redis");
        }
        refuseIfRunning(dir);
        Path redisServer = redisUri != null
                ? null
                : Probes.findOnPath("redis-server")
                        .orElseThrow(() -> new ClusterException(
                                "redis-server is not on the PATH; install Redis (e.g. apt-get install "
                                        + "redis-server), or give a running one with --redis redis://host:port"));
        int ownRedisPort = redisServer == null ? 0 : redisPort != null ? redisPort : freePortBesideNodes();
        checkPortsFree(ownRedisPort);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);

        ClusterState state = null;
        try {
            if (redisServer != null) {
                ClusterMember started = startRedis(dir, redisServer, ownRedisPort);
                state = new ClusterState("redis://127.0.0.1:" + ownRedisPort, started, List.of());
                state.write(dir);
                ClusterCommand.awaitUp(List.of(started), Probes::redisPongs, timeout);
                err().println("redis on 127.0.0.1:" + ownRedisPort + " (pid " + started.pid() + ")");
            } else {
                state = new ClusterState(redisUri, null, List.of());
            }
            for (int i = 0; i < nodes; i++) {
                int port = basePort + i;
                ClusterMember node = ClusterMember.launch(
                        "node-" + i,
                        port,
                        nodeCommand(i, port, state.redisUri()),
                        dir.resolve("node-" + i + ".log"),
                        dir,
                        false);
                state = state.withNodeAdded(node);
                state.write(dir);
            }
            ClusterCommand.awaitUp(state.nodes(), Probes::accepts, timeout);
        } catch (ClusterException | IOException | RuntimeException e) {
            if (state != null) {
                ClusterMember.stopAll(state.nodes());
                ClusterMember.stopAll(state.redis() == null ? List.of() : List.of(state.redis()));
                ClusterState.delete(dir);
            }
            throw e;
        }
        for (ClusterMember node : state.nodes()) {
            err().println(node.name() + " on 127.0.0.1:" + node.port() + " (pid " + node.pid() + ", log " + node.log()
                    + ")");
        }
        err().println("state in " + ClusterState.file(dir) + "; stop with: parley cluster stop --dir " + dir);
        out().println(state.addresses());
        return 0;
    }

    private static void refuseIfRunning(Path dir) throws ClusterException, IOException {
        ClusterState old = ClusterState.read(dir).orElse(null);
        if (old == null) {
            return;
        }
        List<ClusterMember> alive =
                old.members().stream().filter(ClusterMember::alive).toList();
        if (!alive.isEmpty()) {
            throw new ClusterException("a cluster is already running in " + dir + " ("
                    + alive.stream().map(m -> m.name() + " pid " + m.pid()).collect(Collectors.joining(", "))
                    + "); stop it first: parley cluster stop --dir " + dir);
        }
    }

    /** Every port before anything starts, so a taken one costs nothing to report. */
    private void checkPortsFree(int ownRedisPort) throws ClusterException {
        if (ownRedisPort >= basePort && ownRedisPort < basePort + nodes) {
            throw new ClusterException("--redis-port " + ownRedisPort + " is one of the nodes' ports");
        }
        if (ownRedisPort != 0 && !Probes.isFree(ownRedisPort)) {
            throw new ClusterException("port " + ownRedisPort + " (for Redis) is in use; choose another --redis-port");
        }
        for (int i = 0; i < nodes; i++) {
            if (!Probes.isFree(basePort + i)) {
                throw new ClusterException(
                        "port " + (basePort + i) + " (for node-" + i + ") is in use; choose another --base-port");
            }
            if (httpBasePort > 0 && !Probes.isFree(httpBasePort + i)) {
                throw new ClusterException("port " + (httpBasePort + i) + " (HTTP of node-" + i
                        + ") is in use; choose another --http-base-port");
            }
            if (adminBasePort > 0 && !Probes.isFree(adminBasePort + i)) {
                throw new ClusterException("port " + (adminBasePort + i) + " (admin of node-" + i
                        + ") is in use; choose another --admin-base-port");
            }
        }
    }

    private int freePortBesideNodes() throws IOException {
        int port;
        do {
            port = Probes.freePort();
        } while (port >= basePort && port < basePort + nodes);
        return port;
    }

    /** No RDB snapshots, append-only file fsync'ed on every write: a restart finds every acknowledged write. */
    private static ClusterMember startRedis(Path dir, Path redisServer, int port) throws IOException {
        Path data = Files.createDirectories(dir.resolve("redis"));
        List<String> command = List.of(
                redisServer.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                data.toString(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--daemonize",
                "no");
        return ClusterMember.launch("redis", port, command, dir.resolve("redis.log"), dir, false);
    }

    private List<String> nodeCommand(int index, int port, String redisUri) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(words(javaOpts));
        command.addAll(thisProgram());
        command.addAll(List.of(
                "server",
                "--port",
                Integer.toString(port),
                "--redis",
                redisUri,
                "--node-id",
                "node-" + index,
                "--host",
                "127.0.0.1",
                "--http-port",
                Integer.toString(httpBasePort == 0 ? 0 : httpBasePort + index),
                "--admin-port",
                Integer.toString(adminBasePort == 0 ? 0 : adminBasePort + index)));
        if (bcryptCost != null) {
            command.addAll(List.of("--bcrypt-cost", bcryptCost.toString()));
        }
        if (loadTest) {
            command.add("--load-test");
        }
        nodeOpts.forEach(opt -> command.addAll(words(opt)));
        return command;
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * {@code -jar parley.jar} when running from the runnable jar; otherwise (tests, IDEs) this JVM's class
     * path, made absolute because the nodes run in the cluster folder, and the main class.
     */
    private static List<String> thisProgram() throws IOException {
        Path source;
        try {
            source = Path.of(ClusterStart.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot tell where this program's classes are", e);
        }
        if (Files.isRegularFile(source)) {
            try (JarFile jar = new JarFile(source.toFile())) {
                Manifest manifest = jar.getManifest();
                if (manifest != null
                        && ParleyCommand.class
                                .getName()
                                .equals(manifest.getMainAttributes().getValue("Main-Class"))) {
                    return List.of("-jar", source.toAbsolutePath().toString());
                }
            }
        }
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        return List.of("-cp", classPath, ParleyCommand.class.getName());
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+"))
                .filter(w -> !w.isEmpty())
                .toList();
    }
}
