package io.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The database file with its writer, its reader and its checkpointer; closing it finishes queued work and stops
 * their threads.
 */
final class SqliteDatabase implements AutoCloseable {
    static final String FILE_NAME = "parley.db";
    private final Path file;
    private final WriteQueue writer;
    private final ReadQueue reader;
    private final Checkpointer checkpointer;

    private SqliteDatabase(Path file, WriteQueue writer, ReadQueue reader, Checkpointer checkpointer) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
        this.checkpointer = checkpointer;
    }

    /**
     * Opens (creating when missing) {@code dataDir/parley.db}, its writer waiting up to {@code commitDelay} for
     * more work before a commit ({@link WriteQueue}); blocks, so call it at startup only.
     */
    static SqliteDatabase open(Path dataDir, Duration commitDelay) throws IOException, SQLException {
        return open(dataDir, commitDelay, Checkpointer.INTERVAL, Checkpointer.RESTART_FRAMES);
    }

    /** With the {@link Checkpointer}'s settings: tests copy more often and let the WAL grow less. */
    static SqliteDatabase open(Path dataDir, Duration commitDelay, Duration checkpointInterval, int restartFrames)
            throws IOException, SQLException {
        // Before anything is opened or started: a refusal later would leave the writer's thread running.
        Checkpointer.checkSettings(checkpointInterval, restartFrames);
        DataFolder.prepare(dataDir, FILE_NAME);
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        String url = "jdbc:sqlite:" + file;
        Statements write = new Statements(DriverManager.getConnection(url, driverSettings()));
        try {
            // WAL: readers run beside the writer, and a commit appends to one file instead of rewriting pages.
            write.execute("PRAGMA journal_mode = WAL");
            // No checkpoint inside a commit: the Checkpointer copies the WAL back into the database file on a
            // thread of its own, and decides when the WAL starts over (see there).
            write.execute("PRAGMA wal_autocheckpoint = 0");
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
        Statements read = null;
        Statements copy = null;
        FileChannel database = null;
        try {
            read = new Statements(DriverManager.getConnection(url, driverSettings()));
            read.execute("PRAGMA busy_timeout = 5000");
            read.execute("PRAGMA query_only = ON");
            copy = new Statements(DriverManager.getConnection(url, driverSettings()));
            // A checkpoint syncs the WAL before it copies from it, and the database file once it reaches its end.
            copy.execute("PRAGMA synchronous = FULL");
            database = FileChannel.open(file, StandardOpenOption.READ);
        } catch (SQLException | IOException e) {
            closeAfter(database, e);
            closeAfter(copy, e);
            closeAfter(read, e);
            closeAfter(write, e);
            throw e;
        }
        WriteQueue writer = WriteQueue.start(write, WriteQueue.CAPACITY, commitDelay);
        Checkpointer checkpointer =
                Checkpointer.start(copy, database, writer::requestCheckpoint, checkpointInterval, restartFrames);
        return new SqliteDatabase(file, writer, new ReadQueue(read), checkpointer);
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

    /** How many times the WAL has been copied into the database file since opening. */
    long checkpointPasses() {
        return checkpointer.passes();
    }

    /** How many write transactions have committed since opening. */
    long commits() {
        return writer.commits();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            checkpointer.close();
        } finally {
            try {
                writer.close();
            } finally {
                reader.close();
            }
        }
    }

    @Override
    public String toString() {
        return "sqlite " + file;
    }

    /** Closes what was opened before {@code cause}; a failure to close is kept with it. */
    private static void closeAfter(AutoCloseable resource, Exception cause) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
