package io.parley.jmh;

import io.parley.server.store.InboxQuota;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The embedded store alone under the private workload's write pattern: {@value #IN_FLIGHT} private messages
 * at once to random inboxes among {@code users}, each with a client id, and one receipt per message, as the
 * server issues them — every message durably committed (group commit, {@code synchronous=FULL}) before its
 * future completes. The result is appends per second; the database grows over the run as it does under load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreAppendBenchmark {
    static final int IN_FLIGHT = 4000;

    @Param({"1000"})
    int users;

    /**
     * {@code none}: appends with no inbox quota. {@code checked}: a quota so low (100 messages) that after the
     * first 100 messages of an inbox every append looks up the owner's read position and the byte total there —
     * the dearest case of the check, since receipts keep every inbox well under the quota, so none is refused.
     */
    @Param({"none", "checked"})
    String quota;

    private InboxQuota inboxQuota;

    private Path dir;
    private Stores stores;
    private PrivateAppends writes;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("parley-jmh-store-");
        stores = SqliteStores.open(dir);
        inboxQuota = "none".equals(quota) ? InboxQuota.NONE : new InboxQuota(100, 1L << 20);
        writes = new PrivateAppends(users, 96);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        stores.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary folder; the system cleans it up otherwise.
        }
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void appendPrivate() {
        writes.appendAndAcknowledge(stores.messages(), inboxQuota, IN_FLIGHT);
    }
}
