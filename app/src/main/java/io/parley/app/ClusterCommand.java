package io.parley.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley cluster}: one Redis and several nodes on this machine, on loopback, for trying a cluster and
 * for benchmarks. {@code start} records what it launched in {@code <dir>/cluster.json}; every other
 * subcommand acts on exactly those processes, by PID, after checking each PID is still the process started.
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "Start and stop a local cluster: a Redis and N nodes on this machine (loopback only).",
        subcommands = {
            ClusterStart.class,
            ClusterCommand.Status.class,
            ClusterCommand.Stop.class,
            ClusterCommand.KillNode.class,
            ClusterCommand.RestartNode.class,
            ClusterCommand.KillRedis.class,
            ClusterCommand.RestartRedis.class
        })
final class ClusterCommand implements Runnable {
    static final String DEFAULT_DIR = "./cluster";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 30;
    private static final long POLL_MILLIS = 100;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A failure told in a sentence or two, without a stack trace; the subcommand exits 1. */
    static final class ClusterException extends Exception {
        ClusterException(String message) {
            super(message);
        }
    }

    /** What every subcommand shares: {@code --dir}, its output streams, and the one place errors are reported. */
    abstract static class Sub implements Callable<Integer> {
        @Option(
                names = "--dir",
                defaultValue = DEFAULT_DIR,
                description = "Folder of the cluster's state file, logs and Redis data (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            try {
                return run(dir.toAbsolutePath().normalize());
            } catch (ClusterException e) {
                err().println("parley cluster: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                err().println("parley cluster: " + e);
                return 1;
            } finally {
                out().flush();
                err().flush();
            }
        }

        abstract int run(Path dir) throws ClusterException, IOException;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        static ClusterState state(Path dir) throws ClusterException, IOException {
            return ClusterState.read(dir)
                    .orElseThrow(() -> new ClusterException("no cluster in " + dir + " (no " + ClusterState.FILE_NAME
                            + "); start one with: parley cluster start"));
        }

        static int nodeIndex(ClusterState state, int index) throws ClusterException {
            if (index < 0 || index >= state.nodes().size()) {
                throw new ClusterException("no node " + index + ": this cluster has nodes 0 to "
                        + (state.nodes().size() - 1));
            }
            return index;
        }

        static ClusterMember ownRedis(ClusterState state) throws ClusterException {
            if (state.redis() == null) {
                throw new ClusterException("this cluster runs on a Redis it did not start (" + state.redisUri()
                        + "); only its own Redis is killed or restarted");
            }
            return state.redis();
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show which processes are alive and which ports answer; exits 1 when any is down.")
    static final class Status extends Sub {
        @Override
        int run(Path dir) throws ClusterException, IOException {
            ClusterState state = state(dir);
            boolean allUp = true;
            if (state.redis() == null) {
                out().printf("%-8s external  %s%n", "redis", state.redisUri());
            } else {
                allUp &= line(state.redis(), Probes::redisPongs, "answers PING");
            }
            for (ClusterMember node : state.nodes()) {
                allUp &= line(node, Probes::accepts, "accepts connections");
            }
            out().println(state.addresses());
            return allUp ? 0 : 1;
        }

        private boolean line(ClusterMember m, IntPredicate answers, String answering) {
            boolean alive = m.alive();
            boolean answered = answers.test(m.port());
            out().printf(
                            "%-8s pid %-8d %-5s  port %-5d %s%n",
                            m.name(),
                            m.pid(),
                            alive ? "up" : "gone",
                            m.port(),
                            answered ? answering : "does not answer");
            return alive && answered;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop the cluster's processes (SIGTERM, SIGKILL after 10 s): nodes first, Redis last.")
    static final class Stop extends Sub {
        @Override
        int run(Path dir) throws ClusterException, IOException {
            ClusterState state = state(dir);
            ClusterMember.stopAll(state.nodes()).forEach(out()::println);
            if (state.redis() != null) {
                ClusterMember.stopAll(List.of(state.redis())).forEach(out()::println);
            }
            ClusterState.delete(dir);
            return 0;
        }
    }

    @Command(
            name = "kill-node",
            mixinStandardHelpOptions = true,
            description = "SIGKILL one node, for failure drills; restart-node brings it back.")
    static final class KillNode extends Sub {
        @Parameters(paramLabel = "I", description = "The node's index: 0 for node-0, the first.")
        int index;

        @Override
        int run(Path dir) throws ClusterException, IOException {
            ClusterState state = state(dir);
            ClusterMember node = state.nodes().get(nodeIndex(state, index));
            out().println(
                            node.kill()
                                    ? "killed " + node.name() + " (pid " + node.pid() + ")"
                                    : node.name() + " (pid " + node.pid() + ") was not running");
            return 0;
        }
    }

    @Command(
            name = "restart-node",
            mixinStandardHelpOptions = true,
            description = "Start one node again with its first command line (stopping it first if it runs).")
    static final class RestartNode extends Sub {
        @Parameters(paramLabel = "I", description = "The node's index: 0 for node-0, the first.")
        int index;

        @Override
        int run(Path dir) throws ClusterException, IOException {
            ClusterState state = state(dir);
            ClusterMember node = restart(dir, state.nodes().get(nodeIndex(state, index)), Probes::accepts);
            state.withNode(index, node).write(dir);
            out().println("127.0.0.1:" + node.port());
            return 0;
        }
    }

    @Command(
            name = "kill-redis",
            mixinStandardHelpOptions = true,
            description = "SIGKILL the cluster's Redis; restart-redis brings it back with its data.")
    static final class KillRedis extends Sub {
        @Override
        int run(Path dir) throws ClusterException, IOException {
            ClusterMember redis = ownRedis(state(dir));
            out().println(
                            redis.kill()
                                    ? "killed redis (pid " + redis.pid() + ")"
                                    : "redis (pid " + redis.pid() + ") was not running");
            return 0;
        }
    }

    @Command(
            name = "restart-redis",
            mixinStandardHelpOptions = true,
            description = "Start the cluster's Redis again on the same port and folder; its append-only file "
                    + "brings the data back.")
    static final class RestartRedis extends Sub {
        @Override
        int run(Path dir) throws ClusterException, IOException {
            ClusterState state = state(dir);
            ClusterMember redis = restart(dir, ownRedis(state), Probes::redisPongs);
            state.withRedis(redis).write(dir);
            out().println(state.redisUri());
            return 0;
        }
    }

    /** Stops {@code member} if it runs, starts it again from its recorded command line, waits until it answers. */
    static ClusterMember restart(Path dir, ClusterMember member, IntPredicate answers)
            throws ClusterException, IOException {
        if (member.alive()) {
            ClusterMember.stopAll(List.of(member));
        }
        if (!Probes.isFree(member.port())) {
            throw new ClusterException(
                    "port " + member.port() + " of " + member.name() + " is taken by another process");
        }
        ClusterMember again = member.relaunch(dir);
        try {
            awaitUp(List.of(again), answers, DEFAULT_TIMEOUT);
        } catch (ClusterException | IOException e) {
            ClusterMember.stopAll(List.of(again));
            throw e;
        }
        return again;
    }

    /**
     * Waits until every member answers on its port. Fails as soon as one exits, with the end of its log, or
     * when {@code timeout} passes.
     */
    static void awaitUp(List<ClusterMember> members, IntPredicate answers, Duration timeout)
            throws ClusterException, IOException {
        List<ClusterMember> waiting = new ArrayList<>(members);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ClusterMember m : List.copyOf(waiting)) {
                // Just launched by us, so its PID is its own: only whether it still runs matters. (The identity
                // check of alive() can misread a process caught mid-exec, from setsid to java.)
                if (ProcessHandle.of(m.pid()).filter(ProcessHandle::isAlive).isEmpty()) {
                    throw new ClusterException(m.name() + " (pid " + m.pid() + ") exited before it answered on port "
                            + m.port() + "; the end of " + m.log() + ":" + System.lineSeparator()
                            + m.logTail(LOG_TAIL_LINES));
                }
                if (answers.test(m.port())) {
                    waiting.remove(m);
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                ClusterMember first = waiting.get(0);
                throw new ClusterException(
                        waiting.stream().map(ClusterMember::name).collect(Collectors.joining(", "))
                                + " did not answer within " + timeout.toSeconds() + " s; the end of " + first.log()
                                + ":"
                                + System.lineSeparator() + first.logTail(LOG_TAIL_LINES));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(
                        "interrupted while waiting for " + waiting.get(0).name(), e);
            }
        }
    }
}
