package io.parley.server.store.sqlite;

import io.parley.server.store.StoreOverloadedException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: one thread that owns the write connection and group-commits. It takes whatever work is
 * queued (up to {@link #MAX_BATCH}), runs it in order in one transaction and commits once, so a burst of
 * messages costs one fsync instead of one each; only then does it complete the futures, in the order the work
 * was submitted. With a commit delay, while writes keep coming (more than one waiting, or the last commit ended
 * less than the delay ago) and the batch is still small, it waits up to the delay for more before it commits, as
 * PostgreSQL's {@code commit_delay} does: at a few thousand messages a second a commit would otherwise take one to
 * three, each paying for its own commit, fsync, WAL writes and wake-ups. The first write after a quiet spell is
 * never held back, nor a batch of {@link #ENOUGH_TO_COMMIT}. docs/storage.md has what it was measured to buy. An
 * operation that fails is undone alone and the rest of the batch still commits (see {@link #execute}); a write that
 * cannot commit fails, and the writer goes on with the next.
 */
final class WriteQueue implements AutoCloseable {
    /** Bounds one transaction, so the first caller of a long burst does not wait for all of it. */
    static final int MAX_BATCH = 1024;
    /**
     * Writes that may wait at once; past it new work is refused with {@link StoreOverloadedException} (503 to
     * the client, nothing stored). 16 batches: about half a second of the writer's work at the append rates
     * measured (StoreAppendBenchmark), and at most ~75 MB of 4 KiB messages. A deeper queue would add only
     * latency; connections that have this much waiting are already paused by the transport long before.
     */
    static final int CAPACITY = 16 * MAX_BATCH;
    /**
     * With a commit delay, a batch this large is committed without waiting for more: its commit's fixed costs are
     * already shared. At saturation the writer takes hundreds at a time, and waiting out the delay there only
     * held every commit back (W1 closed loop, one delay per commit: −3 % messages/s, docs/performance.md).
     */
    static final int ENOUGH_TO_COMMIT = 32;

    private static final Logger log = LoggerFactory.getLogger(WriteQueue.class);
    private static final Pending<Void> STOP = new Pending<>(tx -> null);
    private static final AtomicIntegerFieldUpdater<WriteQueue> WAKE_AT =
            AtomicIntegerFieldUpdater.newUpdater(WriteQueue.class, "wakeAt");

    private final Statements sql;
    private final WriteTx tx;
    private final BlockingQueue<Pending<?>> queue;
    private final Object lock = new Object();
    private final Thread thread;
    /** How long to wait for more work while writes keep coming; 0: never. */
    private final long commitDelayNanos;
    /** When the last batch was done (committed and completed), on the writer thread's clock; writer thread only. */
    private long lastCommitEnd;

    private boolean closed; // guarded by lock
    private final AtomicLong commits = new AtomicLong();
    /** Set by the {@link Checkpointer}: copy the WAL's last frames after the next batch. */
    private volatile boolean checkpointRequested;
    /**
     * While the writer sleeps out the commit delay, how many queued writes make its batch {@link #ENOUGH_TO_COMMIT};
     * 0 otherwise. The submitter that finds that many queued wakes it (only one: it sets this back to 0).
     */
    private volatile int wakeAt;

    private WriteQueue(Statements sql, int capacity, Duration commitDelay) {
        this.sql = sql;
        this.commitDelayNanos = commitDelay.toNanos();
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.tx = new WriteTx(sql, new LogHeads(sql));
        this.thread = new Thread(this::run, "parley-sqlite-writer");
        thread.setDaemon(true);
    }

    /**
     * Starts the writer thread, which owns {@code sql} from now on and closes it when the queue is closed; it
     * commits as soon as it has work.
     */
    static WriteQueue start(Statements sql) {
        return start(sql, CAPACITY, Duration.ZERO);
    }

    /** With another capacity (tests fill a small queue) and a commit delay (see the class comment). */
    static WriteQueue start(Statements sql, int capacity, Duration commitDelay) {
        if (commitDelay.isNegative()) {
            throw new IllegalArgumentException("commit delay below zero: " + commitDelay);
        }
        WriteQueue queue = new WriteQueue(sql, capacity, commitDelay);
        queue.thread.start();
        return queue;
    }

    /**
     * Queues {@code work}; the future completes after the transaction that ran it commits, or fails at once
     * with {@link StoreOverloadedException} when {@link #CAPACITY} writes already wait.
     */
    <T> CompletableFuture<T> submit(SqlWork<WriteTx, T> work) {
        Pending<T> pending = new Pending<>(work);
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the SQLite store is closed"));
            }
            if (!queue.offer(pending)) {
                return CompletableFuture.failedFuture(new StoreOverloadedException(
                        "the SQLite write queue is full (" + queue.size() + " writes waiting)"));
            }
        }
        int enough = wakeAt;
        if (enough > 0 && queue.size() >= enough && WAKE_AT.compareAndSet(this, enough, 0)) {
            LockSupport.unpark(thread);
        }
        return pending.future;
    }

    /** How many transactions have committed. */
    long commits() {
        return commits.get();
    }

    /** Writes waiting for the writer thread. */
    int waiting() {
        return queue.size();
    }

    /**
     * Asks the writer to run a checkpoint of its own after its next batch. Between two batches nothing can be
     * added to the WAL, so the checkpoint copies the frames that the {@link Checkpointer}'s passes could not
     * reach, and the next transaction writes the WAL from its beginning again. An idle writer adds nothing, and
     * the Checkpointer's next pass copies everything without it.
     */
    void requestCheckpoint() {
        checkpointRequested = true;
    }

    /** Refuses new work, waits for the queued work to commit, and closes the connection. */
    @Override
    public void close() throws InterruptedException {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                // Waits for room when full: the writer drains the queue meanwhile, and nothing else can add.
                queue.put(STOP);
                // A writer sleeping out the commit delay would otherwise finish its nap first.
                LockSupport.unpark(thread);
            }
        }
        if (Thread.currentThread() != thread) {
            thread.join();
        }
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        // Long ago: the first write after a quiet spell is committed at once.
        lastCommitEnd = System.nanoTime() - commitDelayNanos - 1;
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // nobody else may stop this thread: only STOP does, so queued work is never lost
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            if (batch.size() < ENOUGH_TO_COMMIT
                    && (batch.size() > 1 || System.nanoTime() - lastCommitEnd < commitDelayNanos)) {
                gatherMore(batch);
            }
            stopping = batch.remove(STOP); // always last: nothing is queued after it
            if (!batch.isEmpty()) {
                execute(batch);
                if (checkpointRequested) {
                    checkpointRequested = false;
                    checkpoint();
                }
                lastCommitEnd = System.nanoTime();
            }
            batch.clear();
        }
        try {
            sql.close();
        } catch (SQLException e) {
            log.warn("closing the SQLite write connection failed", e);
        }
    }

    /**
     * Adds what arrives within the commit delay to {@code batch}, or less of the delay once {@link
     * #ENOUGH_TO_COMMIT} are queued (taking what is queued then, up to {@link #MAX_BATCH}); ends early at {@link
     * #STOP}, which is always the last work queued. The writer sleeps the delay out instead of waiting on the
     * queue, which woke it (and made the submitting event loop wake it, a system call) for each write that
     * arrived while it waited: at 5,000 messages a second that was a third of its context switches
     * (docs/performance.md, twelfth round). A submitter wakes it early once enough is queued.
     */
    private void gatherMore(List<Pending<?>> batch) {
        if (commitDelayNanos == 0) {
            return;
        }
        long end = System.nanoTime() + commitDelayNanos;
        while (batch.size() < ENOUGH_TO_COMMIT && batch.get(batch.size() - 1) != STOP) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            int enough = ENOUGH_TO_COMMIT - batch.size();
            wakeAt = enough;
            // A submitter that queued the last of them before wakeAt was set did not wake the writer: look first.
            if (queue.size() < enough) {
                LockSupport.parkNanos(this, left);
            }
            wakeAt = 0;
            queue.drainTo(batch, MAX_BATCH - batch.size());
            if (Thread.interrupted()) {
                break; // commit what is here; only STOP ends the writer
            }
        }
        queue.drainTo(batch, MAX_BATCH - batch.size());
    }

    /**
     * Runs the batch optimistically in one transaction with no per-operation savepoint (two statements less
     * per message). Should anything fail, the batch is rolled back and each operation is run again in a
     * transaction of its own, so only the operation that fails is refused — the rare path pays for isolation.
     */
    private void execute(List<Pending<?>> batch) {
        try {
            sql.execute("BEGIN IMMEDIATE");
            for (Pending<?> pending : batch) {
                pending.run(tx);
            }
            sql.execute("COMMIT");
        } catch (Exception | Error e) {
            sql.forgetPrepared();
            tx.heads().forget();
            rollbackAfter(e);
            if (batch.size() > 1) {
                log.debug("a SQLite write batch of {} failed; running its operations one by one", batch.size(), e);
                for (Pending<?> pending : batch) {
                    pending.reset();
                    execute(List.of(pending));
                }
            } else {
                log.warn("a SQLite write failed and was rolled back", e);
                batch.get(0).future.completeExceptionally(e);
            }
            return;
        }
        tx.heads().commit();
        commits.incrementAndGet();
        for (Pending<?> pending : batch) {
            pending.complete();
        }
    }

    private void checkpoint() {
        try {
            sql.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            // The WAL goes on growing until the next request; nothing written is at risk.
            sql.forgetPrepared();
            log.warn("a SQLite checkpoint on the writer failed", e);
        }
    }

    private void rollbackAfter(Throwable cause) {
        try {
            sql.execute("ROLLBACK");
        } catch (SQLException e) {
            // Expected when SQLite already rolled back by itself (or the failure was in BEGIN).
            cause.addSuppressed(e);
        }
    }

    /** One queued operation and, once run, its outcome, held until the commit decides it. */
    private static final class Pending<T> {
        final SqlWork<WriteTx, T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;

        Pending(SqlWork<WriteTx, T> work) {
            this.work = work;
        }

        void run(WriteTx tx) throws SQLException {
            result = work.run(tx);
        }

        void reset() {
            result = null;
        }

        void complete() {
            future.complete(result);
        }
    }
}
