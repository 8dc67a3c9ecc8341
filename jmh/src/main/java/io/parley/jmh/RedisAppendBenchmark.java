package io.parley.jmh;

import io.parley.server.cluster.RedisPeers;
import io.parley.server.service.Quotas;
import io.parley.server.store.InboxQuota;
import io.parley.server.store.Stores;
import io.parley.server.store.redis.RedisConnections;
import io.parley.server.store.redis.RedisServerProcess;
import io.parley.server.store.redis.RedisStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Redis store alone under a cluster node's private-message pattern: {@value #IN_FLIGHT} private messages
 * at once to random inboxes among {@code users}, each with a client id and announced on its recipient's
 * channel as a node announces it, then one receipt per message. Redis is a {@code redis-server} of its own,
 * started here as the cluster launcher starts it (append-only file, fsync always).
 *
 * <p>The score is appends per second from one node; what matters for a cluster is what each append costs
 * Redis, its single thread being shared by every node. After each iteration this prints Redis' CPU time per
 * append (user + system, from {@code /proc}), and at the end Redis' own per-command figures. Give Redis a
 * core of its own for the CPU to be its own: {@code -Dparley.redisCpu=0} pins it with {@code taskset}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisAppendBenchmark {
    static final int IN_FLIGHT = 400;
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    @Param({"1000"})
    int users;

    /** The server's default inbox quota. */
    private final InboxQuota quota = new InboxQuota(Quotas.DEFAULTS.offlineMessages(), Quotas.DEFAULTS.offlineBytes());

    private RedisServerProcess redis;
    private Stores stores;
    private PrivateAppends writes;
    private long appends;
    private long appendsAtStart;
    private long ticksAtStart;

    @Setup(Level.Trial)
    public void open() throws Exception {
        redis = RedisServerProcess.start();
        String cpu = System.getProperty("parley.redisCpu");
        if (cpu != null) {
            new ProcessBuilder("taskset", "-p", "-c", cpu, Long.toString(redis.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        }
        stores = RedisStores.owning(RedisConnections.open(redis.uri()), RedisPeers.announcements("bench-node"));
        writes = new PrivateAppends(users, 64);
    }

    @Setup(Level.Iteration)
    public void startCounting() throws IOException {
        appendsAtStart = appends;
        ticksAtStart = redisTicks();
    }

    @TearDown(Level.Iteration)
    public void report() throws IOException {
        long made = appends - appendsAtStart;
        long micros = (redisTicks() - ticksAtStart) * 1_000_000 / CLOCK_TICKS_PER_SECOND;
        System.out.printf(" [Redis CPU %.1f µs per append]", made == 0 ? 0.0 : (double) micros / made);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        System.out.println();
        for (String line : redis.call("INFO", "commandstats").lines().toList()) {
            if (line.startsWith("cmdstat_")) {
                System.out.println(line);
            }
        }
        stores.close();
        redis.close();
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void appendPrivate() {
        writes.appendAndAcknowledge(stores.messages(), quota, IN_FLIGHT);
        appends += IN_FLIGHT;
    }

    /** Redis' user + system CPU so far, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    private long redisTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(redis.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
