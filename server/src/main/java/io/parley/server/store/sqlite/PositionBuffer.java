package io.parley.server.store.sqlite;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Read positions raised since the writer last saved them. Every received message is acknowledged, so
 * saving each receipt alone would cost one write per message; instead receipts for the same (user, log)
 * are merged while they wait and the writer saves all that are waiting in one operation. The future a
 * caller gets is that operation's, and {@code position} goes through the writer queue behind it, so a
 * receipt is visible to every read that starts after it was made. Each position is clamped to its log's head
 * as the writer saves it: the writer is the only thread that appends, so the head it sees inside the
 * transaction is exact, and a receipt for a seq not yet stored can never hide the messages that get it.
 */
final class PositionBuffer {
    private record Key(int userId, String log) {}

    private final SqliteDatabase db;
    private Map<Key, Long> waiting = new HashMap<>(); // guarded by this
    private CompletableFuture<Void> save; // guarded by this: the queued save that will take `waiting`

    PositionBuffer(SqliteDatabase db) {
        this.db = db;
    }

    synchronized CompletableFuture<Void> raise(int userId, String log, long seq) {
        waiting.merge(new Key(userId, log), seq, Math::max);
        if (save == null) {
            save = db.write(new Save());
        }
        return save;
    }

    private synchronized Map<Key, Long> take() {
        Map<Key, Long> taken = waiting;
        waiting = new HashMap<>();
        save = null;
        return taken;
    }

    /** One save of whatever is waiting when the writer reaches it. */
    private final class Save implements SqlWork<WriteTx, Void> {
        /** Taken once: run again after its batch failed, it saves the same positions rather than losing them. */
        private Map<Key, Long> taken;

        @Override
        public Void run(WriteTx tx) throws SQLException {
            if (taken == null) {
                taken = take();
            }
            for (Map.Entry<Key, Long> e : taken.entrySet()) {
                String log = e.getKey().log();
                long seq = Math.min(e.getValue(), tx.heads().head(log));
                if (seq > 0) {
                    SqliteMessageStore.raisePosition(tx.sql(), e.getKey().userId(), log, seq);
                }
            }
            return null;
        }
    }
}
