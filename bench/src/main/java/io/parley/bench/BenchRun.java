package io.parley.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.parley.client.ClientOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Everything one run of a workload shares: options, threads, counters, message texts, probes and progress. */
final class BenchRun {
    /** Bcrypt logins queue up on a busy server, so requests may wait far longer than a chat client would. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    final BenchOptions options;
    final EventLoopGroup group;
    final Tally tally = new Tally();
    final Content content;
    final Progress progress;
    final ProcessProbe server;
    final ProcessProbe bench = ProcessProbe.self();
    final ClientOptions clientOptions;
    private final List<InetSocketAddress> targets;

    BenchRun(BenchOptions options, EventLoopGroup group, Progress progress) {
        this.options = options;
        this.group = group;
        this.progress = progress;
        this.clientOptions = ClientOptions.defaults()
                .withClientName("parley-bench")
                .withRequestTimeout(REQUEST_TIMEOUT)
                .withTls(options.tls())
                .withWebSocket(options.webSocket());
        this.content = new Content(options.contentBytes());
        this.server = ProcessProbe.of(options.serverPid());
        this.targets = options.servers().stream().map(BenchRun::resolve).toList();
    }

    private static InetSocketAddress resolve(BenchTarget server) {
        InetSocketAddress address = new InetSocketAddress(server.host(), server.port());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("host: cannot resolve " + server.host());
        }
        return address;
    }

    /** The server node of user {@code i}: round-robin over the nodes, so user i is on node i mod n. */
    InetSocketAddress target(int i) {
        return targets.get(Math.floorMod(i, targets.size()));
    }

    /** How many server nodes the users are spread over. */
    int nodes() {
        return targets.size();
    }

    /** The source address of connection {@code i}: 127.0.0.2, .3, … in turn, or null to let the system pick. */
    InetSocketAddress source(int i) {
        if (options.sourceIps() == 0) {
            return null;
        }
        byte last = (byte) (2 + Math.floorMod(i, options.sourceIps()));
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, last}), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal address cannot be unknown", e);
        }
    }

    /** Users {@code from} … {@code from + count - 1} of this workload, not yet connected. */
    List<BenchUser> users(int from, int count) {
        List<BenchUser> users = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            users.add(new BenchUser(i, options.userId(i), options.firstId(), content, tally, group, clientOptions));
        }
        return users;
    }

    Snapshot snapshot() {
        return Snapshot.take(server, bench);
    }

    /**
     * Runs an empty task on every event loop and waits for it: everything the loops did before is then
     * visible to the caller.
     */
    void barrier() {
        for (EventExecutor loop : group) {
            loop.submit(() -> {}).syncUninterruptibly();
        }
    }

    /** Waits until {@code done} or {@code timeout}; true when done. */
    static boolean await(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            sleep(Duration.ofMillis(10));
        }
        return true;
    }

    static void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The progress status of a messaging phase: totals, the last second's delivery rate and p99. */
    Supplier<String> messageStatus() {
        long[] previous = {tally.delivered.sum(), System.nanoTime()};
        return () -> {
            long delivered = tally.delivered.sum();
            long now = System.nanoTime();
            double rate = (delivered - previous[0]) / Math.max(1e-9, (now - previous[1]) / 1e9);
            previous[0] = delivered;
            previous[1] = now;
            return String.format(
                    Locale.ROOT,
                    "sent %d acked %d delivered %d (%.0f/s, p99 %.2f ms) in-flight %d failed %d dup %d ooo %d",
                    tally.sent.sum(),
                    tally.acknowledged.sum(),
                    delivered,
                    rate,
                    tally.intervalPercentile(99) / 1e6,
                    tally.inFlight(),
                    tally.failed.sum(),
                    tally.duplicated.sum(),
                    tally.outOfOrder.sum());
        };
    }
}
