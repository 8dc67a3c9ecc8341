package io.parley.app;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import io.parley.server.transport.ListenException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley server}: runs a server until SIGTERM or Ctrl-C, then stops gracefully. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Run a Parley server (embedded SQLite store unless --redis is given).")
final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Properties file with any of: host, port, dataDir, redisUri, maxFrameLength, "
                            + "maxContentLength, heartbeatSeconds, bcryptCost, slowConsumerBytes, presenceBroadcastLimit, nodeId, "
                            + "nodeTtlMillis, ioThreads, commitDelayMicros, loadTest, and the limits in docs/security.md. Flags override it.")
    Path config;

    @Option(
            names = "--host",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).",
            defaultValue = ServerConfig.DEFAULT_HOST)
    String host;

    @Option(names = "--port", description = "TCP port (default: 8889).")
    Integer port;

    @Option(names = "--data", paramLabel = "DIR", description = "Embedded store folder (default: ./data).")
    Path dataDir;

    @Option(
            names = "--redis",
            paramLabel = "URI",
            description = "Use Redis instead, as one node of a cluster: "
                    + "redis://host:port[/db], or redis-cluster://host:port,host:port,... for a Redis Cluster.")
    String redis;

    @Option(names = "--max-frame", paramLabel = "BYTES", description = "Largest frame body (default: 65536).")
    Integer maxFrame;

    @Option(names = "--max-content", paramLabel = "BYTES", description = "Largest message text (default: 4096).")
    Integer maxContent;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", description = "Client heartbeat period (default: 30).")
    Integer heartbeat;

    @Option(names = "--bcrypt-cost", paramLabel = "N", description = "Password hash cost, 4-31 (default: 10).")
    Integer bcryptCost;

    @Option(
            names = "--presence-limit",
            paramLabel = "USERS",
            description = "Online users up to which everyone hears every presence change (default: 1000).")
    Integer presenceLimit;

    @Option(names = "--node-id", description = "This node's name in presence records (default: random).")
    String nodeId;

    @Option(
            names = "--node-ttl",
            paramLabel = "MILLIS",
            description = "With Redis: a node silent this long is dead and its users offline (default: 10000).")
    Integer nodeTtl;

    @Option(
            names = "--commit-delay-us",
            paramLabel = "MICROS",
            description = "Embedded store: how long the writer, while writes keep coming, waits for more before "
                    + "one commit takes them all (default: 1000; 0: never; see docs/storage.md).")
    Integer commitDelayMicros;

    @Option(
            names = "--io-threads",
            paramLabel = "N",
            description = "Event loop threads for connections, and as "
                    + "many for Redis (default: 0, two per core). Nodes sharing a machine each want fewer, e.g. 1.")
    Integer ioThreads;

    @Option(
            names = "--load-test",
            description = "Lift every per-address and per-user limit, for benchmarks and "
                    + "tests that drive thousands of users from one machine. Never on a public server.")
    boolean loadTest;

    @Mixin
    AdmissionFlags admission;

    @Mixin
    LoginFlags login;

    @Mixin
    RateFlags rates;

    @Mixin
    QuotaFlags quotas;

    @Mixin
    TokenFlags tokens;

    @Mixin
    TlsFlags tls;

    @Mixin
    WebFlags web;

    @Mixin
    AdminFlags admin;

    @Mixin
    BackpressureFlags backpressure;

    @Override
    public Integer call() throws Exception {
        ServerSettings file;
        ServerConfig configured;
        try {
            file = config != null ? ServerSettings.read(config) : ServerSettings.defaults();
            configured = configured(file.config());
        } catch (IllegalArgumentException e) {
            // A wrong flag or setting is the user's to fix: the sentence says which, a stack trace would bury it.
            spec.commandLine().getErr().println("parley server: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            spec.commandLine().getErr().println("parley server: cannot read " + config + ": " + e);
            return 2;
        }
        ParleyServer server;
        try {
            server = ParleyServer.start(configured, backpressure.applyTo(file.backpressure()));
        } catch (ListenException e) {
            spec.commandLine().getErr().println("parley server: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close();
                            } catch (Exception e) {
                                log.error("error while stopping", e);
                            } finally {
                                Logging.stop();
                                stopped.countDown();
                            }
                        },
                        "parley-shutdown"));
        stopped.await();
        return 0;
    }

    /** The file's settings, or the defaults, with the flags that were given applied over them. */
    private ServerConfig configured(ServerConfig base) {
        ServerConfig.Builder c = base.toBuilder();
        if (config == null || !ServerConfig.DEFAULT_HOST.equals(host)) {
            c.host(host);
        }
        set(port, c::port);
        set(dataDir, c::dataDir);
        set(commitDelayMicros, c::commitDelayMicros);
        set(redis, c::redisUri);
        set(maxFrame, c::maxFrameLength);
        set(maxContent, c::maxContentLength);
        set(heartbeat, c::heartbeatSeconds);
        set(bcryptCost, c::bcryptCost);
        set(presenceLimit, c::presenceBroadcastLimit);
        set(nodeId, c::nodeId);
        set(nodeTtl, c::nodeTtlMillis);
        set(ioThreads, c::ioThreads);
        if (loadTest) {
            c.loadTest(true);
        }
        admission.applyTo(c);
        login.applyTo(c);
        rates.applyTo(c);
        quotas.applyTo(c);
        tokens.applyTo(c);
        tls.applyTo(c);
        web.applyTo(c);
        admin.applyTo(c);
        return c.build();
    }

    /** Applies a flag that was given; a flag left out keeps the file's or the default value. */
    static <T> void set(T flag, Consumer<T> setter) {
        if (flag != null) {
            setter.accept(flag);
        }
    }
}
