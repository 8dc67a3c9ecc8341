package io.parley.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley chaos}: a failure drill anyone can run (docs/reliability.md). It starts a local cluster, has users
 * chat while it kills nodes, restarts Redis and drops connections, lets every user reconnect and resume, and
 * judges what arrived: exit 0 only when nothing acknowledged was lost, duplicated or reordered.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Chat on a local cluster while nodes are killed, Redis restarted and connections dropped; "
                + "then check that nothing acknowledged was lost, duplicated or reordered (exit 1 if it was).")
final class ChaosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--users", defaultValue = "1000", description = "Users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--nodes", defaultValue = "3", description = "Cluster nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--groups",
            defaultValue = "10",
            description = "Groups; each user is in one (default: ${DEFAULT-VALUE}).")
    int groups;

    @Option(
            names = "--duration",
            defaultValue = "10m",
            paramLabel = "D",
            description = "How long the chaos lasts: 90s, 10m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(
            names = "--rate",
            defaultValue = "200",
            description = "Messages per second, all users together (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--kill-every",
            defaultValue = "60s",
            paramLabel = "D",
            description = "SIGKILL a node this often, and start it again (default: ${DEFAULT-VALUE}).")
    String killEvery;

    @Option(
            names = "--redis-every",
            defaultValue = "180s",
            paramLabel = "D",
            description = "Kill and restart Redis this often (default: ${DEFAULT-VALUE}).")
    String redisEvery;

    @Option(
            names = "--drops",
            defaultValue = "2",
            description = "Client connections reset each second (default: ${DEFAULT-VALUE}).")
    int drops;

    @Option(
            names = "--settle",
            defaultValue = "120s",
            paramLabel = "D",
            description = "At most this long for every user to reconnect after the chaos (default: ${DEFAULT-VALUE}).")
    String settle;

    @Option(
            names = "--drain",
            defaultValue = "120s",
            paramLabel = "D",
            description = "Then at most this long for what is owed to arrive (default: ${DEFAULT-VALUE}).")
    String drain;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the drill's choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--first-id",
            defaultValue = "3000000",
            description = "The first user id (default: ${DEFAULT-VALUE}).")
    int firstId;

    @Option(names = "--dir", paramLabel = "DIR", description = "The cluster's folder (default: a new temporary one).")
    Path dir;

    /** Enough to see a pattern; a broken run can have thousands. */
    private static final int ANOMALIES_WRITTEN = 1_000;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ChaosDrill.Options options;
        try {
            options = new ChaosDrill.Options(
                    users,
                    nodes,
                    groups,
                    Durations.parse(duration),
                    rate,
                    Durations.parse(killEvery),
                    Durations.parse(redisEvery),
                    drops,
                    Durations.parse(settle),
                    Durations.parse(drain),
                    seed,
                    dir != null ? dir : Files.createTempDirectory("parley-chaos-"),
                    firstId);
        } catch (IllegalArgumentException e) {
            err.println("parley chaos: " + e.getMessage());
            return 2;
        }
        if (users < 2 || nodes < 1 || groups < 1 || rate <= 0 || drops < 0) {
            err.println("parley chaos: expected at least 2 users, 1 node, 1 group, a positive rate");
            return 2;
        }
        out.printf(
                "chaos: %d users on %d nodes for %s; a node killed every %s, Redis every %s, %d drops/s, seed %d%n",
                users, nodes, options.duration(), options.killEvery(), options.redisEvery(), drops, seed);
        ChaosDrill drill = new ChaosDrill(options, out);
        ChaosDrill.Chaos chaos;
        try {
            chaos = drill.run();
        } catch (ChaosDrill.ChaosException e) {
            err.println("parley chaos: " + e.getMessage());
            return 2;
        }
        out.printf(
                "chaos done: %d node kills, %d Redis restarts, %d dropped connections, %d reconnects%n",
                chaos.nodesKilled(), chaos.redisRestarts(), chaos.connectionsDropped(), chaos.reconnects());
        out.println("before every user logged in again (live delivery only):");
        ChaosLedger.print(chaos.beforeTheLastLogin(), out);
        out.println("after every user logged in again (the delivery contract):");
        boolean clean = ChaosLedger.print(drill.ledger().judge(), out);
        List<String> anomalies = drill.ledger().anomalies(ANOMALIES_WRITTEN);
        if (!anomalies.isEmpty()) {
            Path file = options.dir().resolve("anomalies.txt");
            Files.write(file, anomalies);
            out.printf(
                    "the first %d duplicates and reorders, to trace in the nodes' logs: %s%n", anomalies.size(), file);
        }
        return clean ? 0 : 1;
    }
}
