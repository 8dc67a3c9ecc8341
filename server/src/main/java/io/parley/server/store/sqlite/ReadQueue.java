package io.parley.server.store.sqlite;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader: one thread with its own read-only connection. In WAL mode its reads neither wait for the
 * writer nor hold it up, and each read sees every transaction committed before it started, so a caller
 * whose write has completed reads it back.
 */
final class ReadQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadQueue.class);

    private final Statements sql;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-sqlite-reader");
        t.setDaemon(true);
        return t;
    });

    ReadQueue(Statements sql) {
        this.sql = sql;
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
            future.completeExceptionally(new IllegalStateException("the SQLite store is closed"));
        }
        return future;
    }

    /** Refuses new reads, lets the queued ones finish, and closes the connection. */
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
