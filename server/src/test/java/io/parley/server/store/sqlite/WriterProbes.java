package io.parley.server.store.sqlite;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the tests of the SQLite queues share: a WAL database file, plain statements, a writer held in place. */
final class WriterProbes {
    private WriterProbes() {}

    static Statements open(Path file) throws SQLException {
        Statements sql = new Statements(DriverManager.getConnection("jdbc:sqlite:" + file));
        sql.execute("PRAGMA journal_mode = WAL");
        return sql;
    }

    static Object run(Statements sql, String statement) throws SQLException {
        sql.execute(statement);
        return null;
    }

    static long count(Statements sql, String query) throws SQLException {
        try (ResultSet rows = sql.prepare(query).executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Queues an operation that holds the writer thread until {@code release} opens, and returns once the writer
     * is inside it: what is queued from now on waits behind it.
     */
    static CompletableFuture<Void> holdWriter(WriteQueue writer, CountDownLatch release) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Void> holding = writer.submit(tx -> {
            entered.countDown();
            await(release);
            return null;
        });
        if (!entered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the writer did not take the holding operation within 10 s");
        }
        return holding;
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
