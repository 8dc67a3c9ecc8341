package io.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the data folder private to the server's user: the folder 0700, the database and its WAL and shared-memory
 * files 0600. They hold password hashes and the key that signs resume tokens, and the process umask (often 022)
 * would otherwise make them world-readable.
 *
 * <p>The database file is created here, empty and 0600, before SQLite opens it: SQLite creates the {@code -wal}
 * and {@code -shm} files with the permissions of the database file, so they are private from their first byte.
 * A folder from an earlier version is tightened at start, and each change is logged.
 */
final class DataFolder {
    private static final Logger log = LoggerFactory.getLogger(DataFolder.class);
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** SQLite's companions of the database file, named by suffix. */
    private static final List<String> COMPANIONS = List.of("", "-wal", "-shm", "-journal");

    private DataFolder() {}

    /** Creates {@code dir} (and parents) when missing, and makes it and {@code dir/fileName} private. */
    static void prepare(Path dir, String fileName) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir);
            return; // no POSIX permissions to set (Windows): the folder's ACL is the operator's to set
        }
        if (Files.notExists(dir)) {
            // Private from its first moment, rather than made so after: no window in which others may look in.
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        }
        restrict(dir, FOLDER);
        Path db = dir.resolve(fileName);
        if (Files.notExists(db)) {
            Files.createFile(db, PosixFilePermissions.asFileAttribute(FILE));
        }
        for (String suffix : COMPANIONS) {
            Path file = dir.resolve(fileName + suffix);
            if (Files.exists(file)) {
                restrict(file, FILE);
            }
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> wanted) throws IOException {
        Set<PosixFilePermission> found = Files.getPosixFilePermissions(path);
        if (!found.equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
            log.info(
                    "made {} private: permissions {} -> {}",
                    path,
                    PosixFilePermissions.toString(found),
                    PosixFilePermissions.toString(wanted));
        }
    }
}
