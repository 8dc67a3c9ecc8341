package io.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/** The database file with its writer and its reader; closing it finishes queued work and stops both threads. */
final class SqliteDatabase implements AutoCloseable {
    static final String FILE_NAME = "parley.db";
    /** WAL pages (4 KiB each) after which a commit checkpoints; see {@link #open}. */
    static final int WAL_CHECKPOINT_PAGES = 30_000;

    private final Path file;
    private final WriteQueue writer;
    private final ReadQueue reader;

    private SqliteDatabase(Path file, WriteQueue writer, ReadQueue reader) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
    }

    /**
     * Opens (creating when missing) {@code dataDir/parley.db}, its writer waiting up to {@code commitDelay} for
     * more work before a commit ({@link WriteQueue}); blocks, so call it at startup only.
     */
    static SqliteDatabase open(Path dataDir, Duration commitDelay) throws IOException, SQLException {
        DataFolder.prepare(dataDir, FILE_NAME);
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        String url = "jdbc:sqlite:" + file;
        Statements write = new Statements(DriverManager.getConnection(url, driverSettings()));
        try {
            // WAL: readers run beside the writer, and a commit appends to one file instead of rewriting pages.
            write.execute("PRAGMA journal_mode = WAL");
            // Checkpoint (copy the WAL back into the database file) every ~117 MiB of WAL rather than SQLite's
            // default 4 MiB. Each message dirties a page of each of ~1,000 active logs' index tails, so a small
            // WAL holds mostly distinct pages and every checkpoint reads and rewrites nearly all of them; a
            // large one holds the same hot pages many times over and copies each once. The store alone appends
            // about 1.6 times as fast (StoreAppendBenchmark). The price: while the server runs, the WAL file
            // stays that large on disk (it is folded in and removed when the last connection closes).
            write.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_PAGES);
            // FULL, not NORMAL: in WAL mode NORMAL does not fsync at commit, so a power cut could lose messages
            // that were already acknowledged. Group commit pays for this fsync once per batch.
            write.execute("PRAGMA synchronous = FULL");
            // Another process (a backup, the sqlite3 shell) may hold the file for a moment; wait, don't fail.
            write.execute("PRAGMA busy_timeout = 5000");
            write.execute("PRAGMA cache_size = -16000");
            Schema.create(write);
        } catch (SQLException e) {
            closeAfter(write, e);
            throw e;
        }
        Statements read = new Statements(DriverManager.getConnection(url, driverSettings()));
        try {
            read.execute("PRAGMA busy_timeout = 5000");
            read.execute("PRAGMA query_only = ON");
        } catch (SQLException e) {
            closeAfter(read, e);
            closeAfter(write, e);
            throw e;
        }
        return new SqliteDatabase(file, WriteQueue.start(write, WriteQueue.CAPACITY, commitDelay), new ReadQueue(read));
    }

    /**
     * The driver otherwise asks SQLite for the last rowid after every insert and update, with a statement it
     * prepares each time — a second query per message that nothing here reads (appends number their rows
     * themselves and read back only the update count; see SqliteMessageStore).
     */
    private static Properties driverSettings() {
        Properties settings = new Properties();
        settings.setProperty("jdbc.get_generated_keys", "false");
        return settings;
    }

    Path file() {
        return file;
    }

    /** Work waiting for each of the two threads, for the metrics. */
    Map<String, IntSupplier> queues() {
        return Map.of("writes", writer::waiting, "reads", reader::waiting);
    }

    <T> CompletableFuture<T> write(SqlWork<WriteTx, T> work) {
        return writer.submit(work);
    }

    <T> CompletableFuture<T> read(SqlWork<Statements, T> work) {
        return reader.submit(work);
    }

    /** How many write transactions have committed since opening. */
    long commits() {
        return writer.commits();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            writer.close();
        } finally {
            reader.close();
        }
    }

    @Override
    public String toString() {
        return "sqlite " + file;
    }

    private static void closeAfter(Statements statements, Exception cause) {
        try {
            statements.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
