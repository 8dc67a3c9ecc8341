package io.parley.server.store.sqlite;

import static io.parley.server.store.sqlite.WriterProbes.count;
import static io.parley.server.store.sqlite.WriterProbes.holdWriter;
import static io.parley.server.store.sqlite.WriterProbes.open;
import static io.parley.server.store.sqlite.WriterProbes.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite writer's commit delay, on a real database file: writes that arrive while a batch of more than one
 * waits out the delay join that batch's commit, and a write to an idle writer, or a batch large enough already, is
 * committed at once, whatever the delay.
 */
class WriteQueueCommitDelayTest {
    @TempDir
    Path dataDir;

    @Test
    void writesArrivingWhileABatchWaitsOutTheDelayShareItsCommit() throws Exception {
        // Long enough that the test's later writes surely arrive within it, however slow the machine.
        WriteQueue writer = writerOverATable(Duration.ofSeconds(2));
        try {
            List<CompletableFuture<Object>> writes = twoWaitingOutTheDelay(writer);
            long commitsBefore = writer.commits();
            for (int i = 0; i < 3; i++) {
                writes.add(insert(writer));
            }
            for (CompletableFuture<Object> write : writes) {
                write.get(10, TimeUnit.SECONDS);
            }

            assertThat(writer.commits() - commitsBefore)
                    .as("commits for the five writes after the held one")
                    .isEqualTo(1);
            assertThat(writer.submit(tx -> count(tx.sql(), "SELECT count(*) FROM t"))
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo(5);
        } finally {
            writer.close();
        }
    }

    @Test
    void aWriteToAnIdleWriterIsCommittedWithoutWaitingOutTheDelay() throws Exception {
        WriteQueue writer = WriteQueue.start(open(dataDir.resolve("d.db")), WriteQueue.CAPACITY, Duration.ofMinutes(2));
        try {
            // Held back, it would wait out the two minutes and miss this deadline.
            writer.submit(tx -> run(tx.sql(), "CREATE TABLE t (x INTEGER)")).get(60, TimeUnit.SECONDS);

            assertThat(writer.commits()).isEqualTo(1);
        } finally {
            writer.close();
        }
    }

    @Test
    void aBatchAlreadyLargeEnoughIsCommittedWithoutWaitingOutTheDelay() throws Exception {
        WriteQueue writer = writerOverATable(Duration.ofMinutes(2));
        CountDownLatch release = new CountDownLatch(1);
        try {
            // The writer's first write: an idle writer takes it at once.
            CompletableFuture<Void> holding = holdWriter(writer, release);
            List<CompletableFuture<Object>> writes = new ArrayList<>();
            for (int i = 0; i < WriteQueue.ENOUGH_TO_COMMIT; i++) {
                writes.add(insert(writer));
            }
            long commitsBefore = writer.commits();
            release.countDown();
            holding.get(10, TimeUnit.SECONDS);
            // Held back, they would wait out the two minutes (the held write's commit ended just now).
            for (CompletableFuture<Object> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }

            assertThat(writer.commits() - commitsBefore)
                    .as("commits for the held write and the batch behind it")
                    .isEqualTo(2);
        } finally {
            release.countDown();
            writer.close();
        }
    }

    @Test
    void aBatchThatGrowsLargeEnoughWhileWaitingIsCommittedWithoutWaitingOutTheDelay() throws Exception {
        WriteQueue writer = writerOverATable(Duration.ofMinutes(2));
        try {
            List<CompletableFuture<Object>> writes = twoWaitingOutTheDelay(writer);
            long commitsBefore = writer.commits();
            // Exactly as many as make the batch large enough: the last of them wakes the writer.
            for (int i = 2; i < WriteQueue.ENOUGH_TO_COMMIT; i++) {
                writes.add(insert(writer));
            }
            // Left to sleep, the writer would wait out the two minutes and miss this deadline.
            for (CompletableFuture<Object> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }

            assertThat(writer.commits() - commitsBefore)
                    .as("commits for the batch that grew large enough")
                    .isEqualTo(1);
        } finally {
            writer.close();
        }
    }

    @Test
    void closingWakesAWriterThatWaitsOutTheDelayAndCommitsWhatItHolds() throws Exception {
        WriteQueue writer = writerOverATable(Duration.ofMinutes(2));
        List<CompletableFuture<Object>> writes = twoWaitingOutTheDelay(writer);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
            try {
                writer.close();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        // Left to sleep, the writer would hold the close for two minutes.
        closed.get(60, TimeUnit.SECONDS);
        for (CompletableFuture<Object> write : writes) {
            assertThat(write).isCompleted();
        }
    }

    /** A writer with the commit delay {@code delay}, over a database file holding the table {@code t}. */
    private WriteQueue writerOverATable(Duration delay) throws SQLException {
        Statements sql = open(dataDir.resolve("d.db"));
        run(sql, "CREATE TABLE t (x INTEGER)");
        return WriteQueue.start(sql, WriteQueue.CAPACITY, delay);
    }

    /**
     * Two writes queued behind a held one, which is then let go: the writer's next batch holds the two, so it
     * waits out the delay for more. Returns once the held write has committed.
     */
    private static List<CompletableFuture<Object>> twoWaitingOutTheDelay(WriteQueue writer) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try {
            CompletableFuture<Void> holding = holdWriter(writer, release);
            List<CompletableFuture<Object>> writes = new ArrayList<>(List.of(insert(writer), insert(writer)));
            release.countDown();
            holding.get(10, TimeUnit.SECONDS);
            return writes;
        } finally {
            release.countDown();
        }
    }

    private static CompletableFuture<Object> insert(WriteQueue writer) {
        return writer.submit(tx -> run(tx.sql(), "INSERT INTO t VALUES (1)"));
    }
}
