package io.parley.server.store.sqlite;

import static io.parley.server.store.sqlite.WriterProbes.count;
import static io.parley.server.store.sqlite.WriterProbes.open;
import static io.parley.server.store.sqlite.WriterProbes.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL copied back into the database file off the writer's thread, on real files: what the writer commits
 * reaches the database file without any commit checkpointing, and the WAL starts over once long, even while
 * writes never stop.
 */
class CheckpointerTest {
    private static final Duration OFTEN = Duration.ofMillis(10);
    /** A 4 KiB page and the frame's 24-byte header. */
    private static final long FRAME_BYTES = 4096 + 24;

    @TempDir
    Path dir;

    @Test
    void whatTheWriterCommitsReachesTheDatabaseFileWithoutACheckpointInAnyCommit() throws Exception {
        Path file = dir.resolve("d.db");
        WriteQueue writer = WriteQueue.start(noCommitCheckpoints(file));
        Checkpointer checkpointer = start(file, () -> {}, OFTEN, Checkpointer.RESTART_FRAMES);
        try {
            writer.submit(tx -> run(tx.sql(), "CREATE TABLE t (x INTEGER)")).get(10, TimeUnit.SECONDS);
            writer.submit(tx -> run(tx.sql(), "INSERT INTO t VALUES (42)")).get(10, TimeUnit.SECONDS);
            awaitPasses(checkpointer, 2);

            // The database file alone, without its WAL, as a copy of it shows.
            Path alone = dir.resolve("alone.db");
            Files.copy(file, alone);
            try (var outside = DriverManager.getConnection("jdbc:sqlite:" + alone);
                    ResultSet rows = outside.createStatement().executeQuery("SELECT x FROM t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        } finally {
            checkpointer.close();
            writer.close();
        }
    }

    @Test
    void theWriterIsAskedToFinishOnlyWhenTheWalIsLong() throws Exception {
        Path file = dir.resolve("d.db");
        WriteQueue writer = WriteQueue.start(noCommitCheckpoints(file));
        AtomicInteger asked = new AtomicInteger();
        Checkpointer checkpointer = start(file, asked::incrementAndGet, OFTEN, 50);
        try {
            writer.submit(tx -> run(tx.sql(), "CREATE TABLE t (x INTEGER)")).get(10, TimeUnit.SECONDS);
            awaitPasses(checkpointer, 3);
            assertThat(asked).as("asked with a WAL of a frame or two").hasValue(0);

            // A commit each, a frame each at least: the WAL passes 50 frames.
            insertOneByOne(writer, 100);

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(asked.get()).isPositive());
        } finally {
            checkpointer.close();
            writer.close();
        }
    }

    @Test
    void aCheckpointAskedOfTheWriterLetsTheWalStartOverOnceAtTheNextTransaction() throws Exception {
        Path file = dir.resolve("d.db");
        WriteQueue writer = WriteQueue.start(noCommitCheckpoints(file));
        try {
            writer.submit(tx -> run(tx.sql(), "CREATE TABLE t (x INTEGER)")).get(10, TimeUnit.SECONDS);
            insertOneByOne(writer, 100);

            writer.requestCheckpoint();
            writer.submit(tx -> run(tx.sql(), "INSERT INTO t VALUES (-1)")).get(10, TimeUnit.SECONDS);
            insertOneByOne(writer, 100);

            // A frame or more for each of the 100 inserts since the request, and none from before it: the WAL
            // started over once, and only once (a checkpoint after each batch would leave a frame or two).
            assertThat(walFrames(file)).isBetween(100, 150);
            assertThat(writer.submit(tx -> count(tx.sql(), "SELECT count(*) FROM t"))
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo(201);
        } finally {
            writer.close();
        }
    }

    @Test
    void theWalStaysShortWhileWritesNeverStop() throws Exception {
        int restartFrames = 200;
        try (SqliteDatabase db = SqliteDatabase.open(dir, Duration.ZERO, OFTEN, restartFrames)) {
            db.write(tx -> run(tx.sql(), "CREATE TABLE t (x INTEGER, pad TEXT)"))
                    .get(10, TimeUnit.SECONDS);
            // 32 writes in flight at all times: the writer always has a next batch, so no pass of the
            // checkpointer's ever catches up with it on its own.
            Deque<CompletableFuture<Object>> inFlight = new ArrayDeque<>();
            long writes = 0;
            long passesBefore = db.checkpointPasses();
            while (db.checkpointPasses() < passesBefore + 30 && writes < 500_000) {
                if (inFlight.size() == 32) {
                    inFlight.removeFirst().get(10, TimeUnit.SECONDS);
                }
                long x = writes++;
                inFlight.add(db.write(tx -> run(tx.sql(), "INSERT INTO t VALUES (" + x + ", printf('%.1000c', 'x'))")));
            }
            for (CompletableFuture<Object> write : inFlight) {
                write.get(10, TimeUnit.SECONDS);
            }

            // The WAL file keeps the length it once reached: its longest. Without the writer's last copy it grew
            // to ~2,300 frames here in 30 passes, about a tenth of a frame per write (with it: 350-450).
            long frames = Files.size(dir.resolve(SqliteDatabase.FILE_NAME + "-wal")) / FRAME_BYTES;
            assertThat(frames)
                    .as("the WAL's longest, in frames, after %d writes", writes)
                    .isLessThan(5L * restartFrames);
        }
    }

    /** Returns once {@code more} passes have run after this call. */
    private static void awaitPasses(Checkpointer checkpointer, int more) {
        long passes = checkpointer.passes();
        await().atMost(Duration.ofSeconds(30)).until(() -> checkpointer.passes() >= passes + more);
    }

    /** Inserts 0 to count − 1, each in a transaction of its own, and returns once all have committed. */
    private static void insertOneByOne(WriteQueue writer, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            int x = i;
            writer.submit(tx -> run(tx.sql(), "INSERT INTO t VALUES (" + x + ")"))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static Statements noCommitCheckpoints(Path file) throws Exception {
        Statements sql = open(file);
        run(sql, "PRAGMA wal_autocheckpoint = 0");
        return sql;
    }

    private static Checkpointer start(Path file, Runnable askWriter, Duration interval, int restartFrames)
            throws Exception {
        Statements sql = new Statements(DriverManager.getConnection("jdbc:sqlite:" + file));
        return Checkpointer.start(
                sql, FileChannel.open(file, StandardOpenOption.READ), askWriter, interval, restartFrames);
    }

    /** The frames in {@code file}'s WAL, read by a checkpoint from a connection of the test's own. */
    private static int walFrames(Path file) throws Exception {
        try (var outside = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rows = outside.createStatement().executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rows.next();
            return rows.getInt(2);
        }
    }
}
