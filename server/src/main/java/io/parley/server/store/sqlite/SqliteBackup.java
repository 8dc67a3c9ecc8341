package io.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;

/**
 * An online copy of the embedded store, through SQLite's backup API, while the server runs: the copy is the
 * database as one read transaction saw it, every page in one step, so no write made meanwhile is half in it.
 * It reads through a connection of its own: the server's reader and writer carry on (in WAL mode a reader
 * blocks no writer), and the copy costs one pass over the file.
 */
public final class SqliteBackup {
    /** All the pages in one step: the copy is one snapshot, never restarted by a write in between. */
    private static final int ALL_PAGES = -1;

    private SqliteBackup() {}

    /**
     * Copies {@code dataDir}'s database into {@code target}, which must not exist yet and is made readable by
     * its owner only (it holds password hashes and the token keys), then checks the copy. Blocks for the time
     * of the copy: call it on a thread of its own.
     *
     * @return the copy's size in bytes
     * @throws IOException  when {@code target} exists or cannot be written
     * @throws SQLException when the database cannot be read, or the copy does not pass SQLite's check
     */
    public static long copy(Path dataDir, Path target) throws IOException, SQLException {
        Path source = dataDir.resolve(SqliteDatabase.FILE_NAME).toAbsolutePath();
        if (!Files.exists(source)) {
            throw new IOException("no database at " + source);
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException("no folder " + parent + " for the backup");
        }
        try {
            // Made with its permissions before a byte is in it; SQLite then writes its pages into this file.
            Files.createFile(target, PosixFilePermissions.asFileAttribute(DataFolder.FILE));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(target + " exists already; a backup does not overwrite", e);
        }
        boolean done = false;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + source)) {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("PRAGMA query_only = ON");
            }
            connection
                    .unwrap(SQLiteConnection.class)
                    .getDatabase()
                    .backup("main", target.toString(), null, 100, 50, ALL_PAGES);
            check(target);
            done = true;
            return Files.size(target);
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
    }

    /** SQLite's own check of the copy's pages and indexes. */
    private static void check(Path copy) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + copy.toAbsolutePath());
                Statement s = connection.createStatement();
                ResultSet result = s.executeQuery("PRAGMA quick_check")) {
            String verdict = result.next() ? result.getString(1) : "no answer";
            if (!"ok".equals(verdict)) {
                throw new SQLException("the copy " + copy + " failed SQLite's check: " + verdict);
            }
        }
    }
}
