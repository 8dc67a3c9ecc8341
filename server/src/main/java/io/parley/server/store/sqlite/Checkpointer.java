package io.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database file (a checkpoint) on a thread and a connection of its own, so that no
 * commit waits for it. Left to SQLite, the commit that finds the WAL past {@code wal_autocheckpoint} makes the
 * whole copy and the database file's fsync before it returns, and every message queued behind it waits: on a grown
 * database, 20–60 ms every few seconds at 5,000 messages/s, most of that load's p99 (docs/performance.md).
 *
 * <p>Every {@link #INTERVAL} it runs a PASSIVE checkpoint, which copies what the WAL holds while the writer goes
 * on appending. Copying alone never lets the WAL start over, though: SQLite writes the WAL from its beginning again
 * only in a transaction that begins once every frame is copied, and a writer that commits every millisecond leaves
 * no pass that moment. So once the WAL holds {@link #RESTART_FRAMES}, the checkpointer fsyncs the database file
 * (SQLite syncs it only in the checkpoint that reaches the WAL's last frame: left to that one, the sync would write
 * out every page the earlier passes copied while the writer waits), copies what came meanwhile, and asks the writer
 * to copy the last few frames itself between two batches ({@link WriteQueue#requestCheckpoint}), when nothing can
 * be added behind them: 2–4 ms of the writer's time, every few seconds under load.
 */
final class Checkpointer implements AutoCloseable {
    /**
     * WAL frames (4 KiB pages) past which the WAL is made to start over: ~117 MiB, rather than SQLite's 4 MiB.
     * Each message dirties a page of each of ~1,000 active logs' index tails, so a short WAL holds mostly distinct
     * pages and is copied nearly page for page; a long one holds the same hot pages many times over, which each
     * pass copies once. The store alone appended 1.6 times as fast (StoreAppendBenchmark) with this length.
     */
    static final int RESTART_FRAMES = 30_000;
    /** How often the WAL is copied. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final Statements sql;
    private final FileChannel database;
    private final Runnable askWriterToFinish;
    private final long intervalNanos;
    private final int restartFrames;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private final AtomicLong passes = new AtomicLong();

    private Checkpointer(
            Statements sql, FileChannel database, Runnable askWriterToFinish, Duration interval, int restartFrames) {
        this.sql = sql;
        this.database = database;
        this.askWriterToFinish = askWriterToFinish;
        this.intervalNanos = interval.toNanos();
        this.restartFrames = restartFrames;
        this.thread = new Thread(this::run, "parley-sqlite-checkpointer");
        thread.setDaemon(true);
    }

    /**
     * Starts the thread, which owns {@code sql} and {@code database} (the database file, opened for reading: an
     * fsync needs no more) from now on and closes them on {@link #close}. {@code askWriterToFinish} is called when
     * the WAL is long and all but its last frames are copied.
     */
    static Checkpointer start(
            Statements sql, FileChannel database, Runnable askWriterToFinish, Duration interval, int restartFrames) {
        checkSettings(interval, restartFrames);
        Checkpointer checkpointer = new Checkpointer(sql, database, askWriterToFinish, interval, restartFrames);
        checkpointer.thread.start();
        return checkpointer;
    }

    /** Refuses a pass interval that is not positive, or a restart length below one frame. */
    static void checkSettings(Duration interval, int restartFrames) {
        if (interval.isNegative() || interval.isZero() || restartFrames < 1) {
            throw new IllegalArgumentException("checkpoint every " + interval + ", restart at " + restartFrames);
        }
    }

    /** Passes run so far. */
    long passes() {
        return passes.get();
    }

    /** Stops the thread after its current pass and closes its connection and file. */
    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join();
    }

    private void run() {
        try {
            while (!stop.await(intervalNanos, TimeUnit.NANOSECONDS)) {
                try {
                    if (pass() >= restartFrames) {
                        // What the passes copied is written out here, not in the writer's last pass.
                        database.force(false);
                        pass();
                        database.force(false);
                        askWriterToFinish.run();
                    }
                } catch (SQLException | IOException e) {
                    // The next pass tries again; meanwhile the WAL only grows, and nothing written is at risk.
                    sql.forgetPrepared();
                    log.warn("a SQLite checkpoint failed", e);
                }
            }
        } catch (InterruptedException e) {
            // Only close() stops this thread; an interrupt from elsewhere ends it the same way.
        } finally {
            try (database) {
                sql.close();
            } catch (SQLException | IOException e) {
                log.warn("closing the SQLite checkpoint connection failed", e);
            }
        }
    }

    /** One PASSIVE checkpoint; returns the frames the WAL held. */
    private int pass() throws SQLException {
        try (var rows = sql.prepare("PRAGMA wal_checkpoint(PASSIVE)").executeQuery()) {
            passes.incrementAndGet();
            // One row: whether another checkpoint was running, the frames in the WAL, the frames copied so far.
            return rows.next() ? rows.getInt(2) : 0;
        }
    }
}
