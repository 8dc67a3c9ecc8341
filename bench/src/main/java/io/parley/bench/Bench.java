package io.parley.bench;

import io.netty.channel.EventLoopGroup;
import io.parley.client.Transport;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs one workload against a server: the bench's entry point. */
public final class Bench {
    private Bench() {}

    /**
     * Runs {@code workload} with {@code options}, printing a progress line each second to {@code progress}
     * (null for none), and returns what it measured. All the simulated users share one event loop group of
     * {@link BenchOptions#threads()} threads, which is shut down before this returns.
     */
    public static BenchResult run(BenchOptions options, Workload workload, PrintStream progress) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(workload, "workload");
        EventLoopGroup group = Transport.newGroup(options.threads(), "bench");
        try (Progress line = new Progress(progress)) {
            BenchResult result = workload.run(new BenchRun(options, group, line));
            Map<String, Object> parameters = new LinkedHashMap<>(result.parameters());
            parameters.put(
                    "target",
                    options.servers().stream().map(BenchTarget::toString).collect(Collectors.joining(",")));
            parameters.put("threads", options.threads());
            parameters.put("sourceIps", options.sourceIps());
            parameters.put("firstId", options.firstId());
            parameters.put("contentBytes", options.contentBytes());
            parameters.put("concurrency", options.concurrency());
            parameters.put("tls", options.tls() != null);
            return new BenchResult(
                    result.workload(),
                    parameters,
                    result.registration(),
                    result.logins(),
                    result.resumeLogins(),
                    result.deliveries(),
                    result.costs(),
                    result.extra());
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
