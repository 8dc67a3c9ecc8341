package io.parley.server.store.sqlite;

import static io.parley.server.store.sqlite.WriterProbes.await;
import static io.parley.server.store.sqlite.WriterProbes.count;
import static io.parley.server.store.sqlite.WriterProbes.holdWriter;
import static io.parley.server.store.sqlite.WriterProbes.open;
import static io.parley.server.store.sqlite.WriterProbes.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.store.StoreOverloadedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite writer's and reader's queues are bounded: with the thread held inside an operation and the
 * queue full, new work is refused at once with {@link StoreOverloadedException} (nothing of it done), while
 * the work already queued still runs and commits.
 */
class SqliteQueueCapacityTest {
    private static final int CAPACITY = 4;

    @TempDir
    Path dataDir;

    @Test
    void writesBeyondTheCapacityAreRefusedAndTheQueuedOnesStillCommit() throws Exception {
        WriteQueue writer = WriteQueue.start(open(dataDir.resolve("q.db")), CAPACITY, Duration.ZERO);
        CountDownLatch release = new CountDownLatch(1);
        try {
            writer.submit(tx -> run(tx.sql(), "CREATE TABLE t (x INTEGER)")).get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> holding = holdWriter(writer, release);
            List<CompletableFuture<Object>> queued = new ArrayList<>();
            for (int i = 0; i < CAPACITY; i++) {
                queued.add(writer.submit(tx -> run(tx.sql(), "INSERT INTO t VALUES (1)")));
            }
            CompletableFuture<Object> refused = writer.submit(tx -> run(tx.sql(), "INSERT INTO t VALUES (2)"));

            assertThat(refused).isCompletedExceptionally();
            assertThat(causeOf(refused))
                    .isInstanceOf(StoreOverloadedException.class)
                    .hasMessageContaining("write queue is full");
            release.countDown();
            holding.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<Object> write : queued) {
                write.get(10, TimeUnit.SECONDS);
            }
            assertThat(writer.submit(tx -> count(tx.sql(), "SELECT count(*) FROM t"))
                            .get(10, TimeUnit.SECONDS))
                    .as("rows: the queued writes, not the refused one")
                    .isEqualTo(CAPACITY);
        } finally {
            release.countDown();
            writer.close();
        }
    }

    @Test
    void readsBeyondTheCapacityAreRefusedAndTheQueuedOnesStillRun() throws Exception {
        ReadQueue reader = new ReadQueue(open(dataDir.resolve("q.db")), CAPACITY);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            CompletableFuture<Void> holding = reader.submit(sql -> {
                entered.countDown();
                await(release);
                return null;
            });
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Long>> queued = new ArrayList<>();
            for (int i = 0; i < CAPACITY; i++) {
                queued.add(reader.submit(sql -> count(sql, "SELECT 1")));
            }
            CompletableFuture<Long> refused = reader.submit(sql -> count(sql, "SELECT 2"));

            assertThat(refused).isCompletedExceptionally();
            assertThat(causeOf(refused))
                    .isInstanceOf(StoreOverloadedException.class)
                    .hasMessageContaining("read queue is full");
            release.countDown();
            holding.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<Long> read : queued) {
                assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
            }
        } finally {
            release.countDown();
            reader.close();
        }
        assertThat(causeOf(reader.submit(sql -> count(sql, "SELECT 1"))))
                .as("a read after closing")
                .isInstanceOf(IllegalStateException.class);
    }

    private static Throwable causeOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not completed", e);
        }
    }
}
