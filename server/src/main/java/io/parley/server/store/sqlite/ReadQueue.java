package io.parley.server.store.sqlite;

import io.parley.server.store.StoreOverloadedException;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader: one thread with its own read-only connection. In WAL mode its reads neither wait for the
 * writer nor hold it up, and each read sees every transaction committed before it started, so a caller
 * whose write has completed reads it back.
 */
final class ReadQueue implements AutoCloseable {
    /**
     * Reads that may wait at once; past it new reads are refused with {@link StoreOverloadedException}. Deeper
     * than the write queue because a waiting read holds only its parameters (~100 bytes: ~6 MB when full) and
     * a reconnect storm needs it: each login reads a few positions and a page per log, so 10,000 users coming
     * back at once queue tens of thousands of reads, which at tens of microseconds each are seconds of work.
     */
    static final int CAPACITY = 65_536;

    private static final Logger log = LoggerFactory.getLogger(ReadQueue.class);

    private final Statements sql;
    private final ThreadPoolExecutor thread;

    ReadQueue(Statements sql) {
        this(sql, CAPACITY);
    }

    /** With another capacity: tests fill a small queue. */
    ReadQueue(Statements sql, int capacity) {
        this.sql = sql;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(capacity), r -> {
            Thread t = new Thread(r, "parley-sqlite-reader");
            t.setDaemon(true);
            return t;
        });
    }

    <T> CompletableFuture<T> submit(SqlWork<Statements, T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    future.complete(work.run(sql));
                } catch (SQLException | RuntimeException e) {
                    sql.forgetPrepared();
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(
                    thread.isShutdown()
                            ? new IllegalStateException("the SQLite store is closed")
                            : new StoreOverloadedException("the SQLite read queue is full ("
                                    + thread.getQueue().size() + " reads waiting)"));
        }
        return future;
    }

    /** Refuses new reads, lets the queued ones finish, and closes the connection. */
    /** Reads waiting for the reader thread. */
    int waiting() {
        return thread.getQueue().size();
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        while (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
            log.warn("still waiting for SQLite reads to finish");
        }
        try {
            sql.close();
        } catch (SQLException e) {
            log.warn("closing the SQLite read connection failed", e);
        }
    }
}
