package io.parley.server.store.sqlite;

import static java.util.Objects.requireNonNull;

import io.parley.server.store.LocalPresenceStore;
import io.parley.server.store.Stores;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;

/** Opens the embedded SQLite backend. */
public final class SqliteStores {
    private SqliteStores() {}

    /**
     * Opens (creating when missing) the database {@code dataDir/parley.db} and starts its writer and reader
     * threads. Presence is kept in memory: one embedded server is the only node. Closing the returned
     * {@link Stores} finishes queued writes, then closes the connections and stops the threads.
     */
    public static Stores open(Path dataDir) throws IOException, SQLException {
        return open(dataDir, Duration.ZERO);
    }

    /**
     * Like {@link #open(Path)}, with a writer that, while writes keep coming, waits up to {@code commitDelay} for
     * more before it commits them all at once (see {@code WriteQueue}).
     */
    public static Stores open(Path dataDir, Duration commitDelay) throws IOException, SQLException {
        requireNonNull(dataDir, "dataDir");
        requireNonNull(commitDelay, "commitDelay");
        SqliteDatabase db = SqliteDatabase.open(dataDir, commitDelay);
        return new Stores(
                db.toString(),
                new SqliteUserStore(db),
                new SqliteMessageStore(db),
                new SqliteGroupStore(db),
                new LocalPresenceStore(),
                new SqliteSessionStore(db),
                db);
    }

    /**
     * The depths of the SQLite queues ({@code writes}, {@code reads}) of stores this class opened; none for
     * another backend.
     */
    public static Map<String, IntSupplier> queues(Stores stores) {
        return stores.backend() instanceof SqliteDatabase db ? db.queues() : Map.of();
    }
}
