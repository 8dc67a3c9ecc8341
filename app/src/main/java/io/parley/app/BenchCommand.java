package io.parley.app;

import ch.qos.logback.classic.Level;
import io.parley.bench.Bench;
import io.parley.bench.BenchOptions;
import io.parley.bench.BenchResult;
import io.parley.bench.BenchTarget;
import io.parley.bench.BroadcastWorkload;
import io.parley.bench.ConnectWorkload;
import io.parley.bench.GroupWorkload;
import io.parley.bench.OfflineWorkload;
import io.parley.bench.Pace;
import io.parley.bench.PrivateWorkload;
import io.parley.bench.ResultJson;
import io.parley.bench.ResultTable;
import io.parley.bench.Workload;
import io.parley.client.ClientTls;
import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import io.parley.server.admin.AdminSettings;
import io.parley.server.transport.WebSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley bench <workload>}: flags in, a {@link Workload} and {@link BenchOptions} out, then
 * {@link Bench#run}; the summary goes to stdout, progress to stderr. Exits 0 when the delivery contract held,
 * 1 when a message was lost, duplicated or out of order, 2 when the run could not be done.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Load-test a Parley server (run it separately for real measurements, or use --embedded).",
        subcommands = {
            BenchCommand.Connect.class,
            BenchCommand.Private.class,
            BenchCommand.Group.class,
            BenchCommand.Broadcast.class,
            BenchCommand.Offline.class
        })
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The flags every workload takes. */
    static final class Common {
        @Option(
                names = "--host",
                defaultValue = BenchOptions.DEFAULT_HOST,
                description = "Server address (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(
                names = "--port",
                defaultValue = "" + BenchOptions.DEFAULT_PORT,
                description = "Server port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--servers",
                paramLabel = "HOST:PORT",
                split = ",",
                description = "Several server nodes instead of --host/--port, e.g. 127.0.0.1:8889,127.0.0.1:8890; "
                        + "user i connects to node i mod n.")
        List<String> servers;

        @Option(
                names = "--embedded",
                description = "Start a server in this process on a free port, with a "
                        + "temporary data folder and bcrypt cost 4; its costs then include the bench's.")
        boolean embedded;

        @Option(
                names = "--server-pid",
                paramLabel = "PID",
                defaultValue = "0",
                description = "The server's process id: report its CPU per message/login and memory per connection.")
        long serverPid;

        @Option(
                names = "--source-ips",
                paramLabel = "N",
                defaultValue = "0",
                description = "Spread connections over 127.0.0.2 … 127.0.0.(N+1) (loopback targets; default: 0, off).")
        int sourceIps;

        @Option(
                names = "--first-id",
                defaultValue = "" + BenchOptions.DEFAULT_FIRST_ID,
                description = "First user id; users are first-id, first-id+1, … (default: ${DEFAULT-VALUE}).")
        int firstId;

        @Option(
                names = "--threads",
                defaultValue = "" + BenchOptions.DEFAULT_THREADS,
                description = "Event loop threads for all simulated users (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(
                names = "--concurrency",
                defaultValue = "" + BenchOptions.DEFAULT_CONCURRENCY,
                description = "Logins/registrations in flight at once (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(
                names = "--size",
                paramLabel = "BYTES",
                defaultValue = "" + BenchOptions.DEFAULT_CONTENT_BYTES,
                description = "Message text length (default: ${DEFAULT-VALUE}).")
        int size;

        @Option(
                names = "--drain-timeout",
                paramLabel = "SECONDS",
                defaultValue = "10",
                description = "Wait this long for deliveries after the last send (default: ${DEFAULT-VALUE}).")
        int drainSeconds;

        @Option(names = "--no-register", description = "Skip registering the users (they exist from an earlier run).")
        boolean noRegister;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to FILE as JSON.")
        Path json;

        @Option(names = "--quiet", description = "No progress line on stderr.")
        boolean quiet;

        @Option(
                names = "--ws",
                description = "Connect over WebSockets to the servers' HTTP ports (give those as --port or "
                        + "--servers; with --embedded, its own), to compare with TCP.")
        boolean webSocket;

        @Option(
                names = "--tls",
                description = "Connect with TLS to the servers' TLS ports (give those as "
                        + "--port or --servers); not with --embedded.")
        boolean tls;

        @Option(
                names = "--trust",
                paramLabel = "CERT.pem",
                description = "With --tls (implied): trust the certificates in this PEM file instead of the system "
                        + "trust store.")
        Path trust;

        int run(Supplier<Workload> sizes) throws Exception {
            Workload workload;
            try {
                workload = sizes.get();
            } catch (IllegalArgumentException e) {
                System.err.println("parley bench: " + e.getMessage());
                return 2;
            }
            // The per-login log lines of an embedded server would bury the progress line.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(Level.WARN);
            ClientTls clientTls;
            try {
                clientTls = ClientCommand.tls(tls, trust);
            } catch (IllegalArgumentException e) {
                System.err.println("parley bench: " + e.getMessage());
                return 2;
            }
            if (!embedded) {
                List<BenchTarget> targets;
                try {
                    targets = servers == null || servers.isEmpty()
                            ? List.of(new BenchTarget(host, port))
                            : servers.stream().map(BenchTarget::parse).toList();
                } catch (IllegalArgumentException e) {
                    System.err.println("parley bench: " + e.getMessage());
                    return 2;
                }
                return run(workload, targets, serverPid, clientTls);
            }
            if (clientTls != null) {
                System.err.println("parley bench: --tls needs a server started with --tls-port (not --embedded)");
                return 2;
            }
            Path data = Files.createTempDirectory("parley-bench-");
            try {
                // --load-test: the bench is one address driving many users as fast as they go.
                ParleyServer server = ParleyServer.start(ServerConfig.defaults()
                        .withHost("127.0.0.1")
                        .withPort(0)
                        .withBcryptCost(4)
                        .withDataDir(data)
                        .withWeb(webSocket ? WebSettings.on(0) : WebSettings.OFF)
                        .withAdmin(AdminSettings.OFF)
                        .withLoadTest(true));
                try {
                    int port = webSocket ? server.webPort() : server.port();
                    System.err.println("embedded server on 127.0.0.1:" + port + ", data in " + data);
                    return run(
                            workload,
                            List.of(new BenchTarget("127.0.0.1", port)),
                            serverPid != 0 ? serverPid : ProcessHandle.current().pid(),
                            null);
                } finally {
                    server.close();
                }
            } finally {
                deleteTree(data);
            }
        }

        private int run(Workload workload, List<BenchTarget> targets, long pid, ClientTls clientTls)
                throws IOException {
            BenchResult result;
            try {
                BenchOptions options = BenchOptions.defaults().toBuilder()
                        .servers(targets)
                        .sourceIps(sourceIps)
                        .firstId(firstId)
                        .threads(threads)
                        .serverPid(pid)
                        .concurrency(concurrency)
                        .contentBytes(size)
                        .drainTimeout(Duration.ofSeconds(drainSeconds))
                        .register(!noRegister)
                        .tls(clientTls)
                        .webSocket(webSocket)
                        .build();
                result = Bench.run(options, workload, quiet ? null : System.err);
            } catch (RuntimeException e) {
                // Bad flags, or a run that could not be done (users that could not log in, a group not formed).
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                System.err.println("parley bench " + workload.name() + ": " + cause.getMessage());
                return 2;
            }
            ResultTable.print(result, System.out);
            if (json != null) {
                ResultJson.write(result, json);
            }
            return result.contractHeld() ? 0 : 1;
        }

        private static void deleteTree(Path root) throws IOException {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Window or fixed rate, for the workloads that run for a duration. */
    static final class PaceOptions {
        @Option(
                names = "--window",
                defaultValue = "4",
                description = "Unacknowledged messages per sender (closed loop; default: ${DEFAULT-VALUE}).")
        int window;

        @Option(
                names = "--rate",
                paramLabel = "MSG/S",
                defaultValue = "0",
                description = "Fixed total send rate instead of the window (open loop; default: off).")
        double rate;

        @Option(
                names = "--duration",
                paramLabel = "SECONDS",
                defaultValue = "10",
                description = "How long to send (default: ${DEFAULT-VALUE}).")
        int seconds;

        Pace pace() {
            return rate > 0 ? Pace.rate(rate) : Pace.window(window);
        }

        Duration duration() {
            return Duration.ofSeconds(seconds);
        }
    }

    @Command(
            name = "connect",
            mixinStandardHelpOptions = true,
            description = "Open N connections, log them in, hold them: login rate, latency, memory per connection.")
    static final class Connect implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--users", defaultValue = "200", description = "Connections (default: ${DEFAULT-VALUE}).")
        int users;

        @Option(
                names = "--hold",
                paramLabel = "SECONDS",
                defaultValue = "5",
                description = "How long to hold them (default: ${DEFAULT-VALUE}).")
        int hold;

        @Option(
                names = "--resume",
                description = "After the logins, close all connections, reconnect them and "
                        + "log each in with its resume token; that phase is measured and reported on its own.")
        boolean resume;

        @Option(
                names = "--resume-rounds",
                paramLabel = "R",
                defaultValue = "1",
                description = "With --resume: close and resume all connections R times; the last round is "
                        + "reported, the others warm up that path (default: ${DEFAULT-VALUE}).")
        int resumeRounds;

        @Override
        public Integer call() throws Exception {
            return common.run(() -> {
                if (resumeRounds < 1) {
                    throw new IllegalArgumentException("--resume-rounds: " + resumeRounds + " (expected: >= 1)");
                }
                return new ConnectWorkload(users, Duration.ofSeconds(hold), resume ? resumeRounds : 0);
            });
        }
    }

    @Command(
            name = "private",
            mixinStandardHelpOptions = true,
            description = "N users online send private messages to random others.")
    static final class Private implements Callable<Integer> {
        @Mixin
        Common common;

        @Mixin
        PaceOptions pace;

        @Option(names = "--users", defaultValue = "50", description = "Users online (default: ${DEFAULT-VALUE}).")
        int users;

        @Override
        public Integer call() throws Exception {
            return common.run(() -> new PrivateWorkload(users, pace.pace(), pace.duration()));
        }
    }

    @Command(
            name = "group",
            mixinStandardHelpOptions = true,
            description = "G groups of M members; S senders per group send to their group.")
    static final class Group implements Callable<Integer> {
        @Mixin
        Common common;

        @Mixin
        PaceOptions pace;

        @Option(names = "--groups", defaultValue = "5", description = "Groups (default: ${DEFAULT-VALUE}).")
        int groups;

        @Option(
                names = "--members",
                defaultValue = "20",
                description = "Members per group (default: ${DEFAULT-VALUE}).")
        int members;

        @Option(names = "--senders", defaultValue = "2", description = "Senders per group (default: ${DEFAULT-VALUE}).")
        int senders;

        @Override
        public Integer call() throws Exception {
            return common.run(() -> new GroupWorkload(groups, members, senders, pace.pace(), pace.duration()));
        }
    }

    @Command(
            name = "broadcast",
            mixinStandardHelpOptions = true,
            description = "One user's message to everyone with N online: time until the last user has it.")
    static final class Broadcast implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--users", defaultValue = "100", description = "Users online (default: ${DEFAULT-VALUE}).")
        int users;

        @Option(
                names = "--repeats",
                defaultValue = "10",
                description = "Broadcasts, one after another (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(
                names = "--listen",
                description = "Only hold the users and report, per broadcast heard, how many got "
                        + "it and when the last did (for a broadcast measured across several processes).")
        boolean listen;

        @Option(
                names = "--send",
                description = "Log in one user (--first-id) and send --repeats broadcasts to the "
                        + "users other processes hold with --listen.")
        boolean send;

        @Option(
                names = "--hold",
                paramLabel = "SECONDS",
                defaultValue = "300",
                description = "--listen: stop listening after this long at most; --send: wait at most this long "
                        + "for --wait-online (default: ${DEFAULT-VALUE}).")
        int hold;

        @Option(
                names = "--wait-online",
                paramLabel = "N",
                defaultValue = "0",
                description = "--send: first wait until the server counts N users online, the sender included "
                        + "(default: 0, no wait).")
        int waitOnline;

        @Option(
                names = "--interval",
                paramLabel = "MS",
                defaultValue = "2000",
                description = "--send: pause between one broadcast's acknowledgement and the next broadcast "
                        + "(default: ${DEFAULT-VALUE}).")
        int intervalMillis;

        @Override
        public Integer call() throws Exception {
            return common.run(() -> {
                if (listen && send) {
                    throw new IllegalArgumentException("--listen and --send exclude each other");
                }
                if (listen) {
                    return BroadcastWorkload.listen(users, repeats, Duration.ofSeconds(hold));
                }
                if (send) {
                    return BroadcastWorkload.send(
                            repeats, waitOnline, Duration.ofSeconds(hold), Duration.ofMillis(intervalMillis));
                }
                return new BroadcastWorkload(users, repeats);
            });
        }
    }

    @Command(
            name = "offline",
            mixinStandardHelpOptions = true,
            description = "Messages to N offline users, then all of them log in: delivery rate of the backlog.")
    static final class Offline implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(
                names = "--users",
                defaultValue = "100",
                description = "Offline recipients (default: ${DEFAULT-VALUE}).")
        int users;

        @Option(
                names = "--messages",
                defaultValue = "20",
                description = "Messages per recipient (default: ${DEFAULT-VALUE}).")
        int messages;

        @Option(names = "--senders", defaultValue = "4", description = "Online senders (default: ${DEFAULT-VALUE}).")
        int senders;

        @Option(
                names = "--window",
                defaultValue = "8",
                description = "Unacknowledged messages per sender (default: ${DEFAULT-VALUE}).")
        int window;

        @Override
        public Integer call() throws Exception {
            return common.run(() -> new OfflineWorkload(users, messages, senders, window));
        }
    }
}
