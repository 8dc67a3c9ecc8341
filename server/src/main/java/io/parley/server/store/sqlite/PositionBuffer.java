package io.parley.server.store.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Read positions raised since the writer last saved them. Every received message is acknowledged, so
 * saving each receipt alone would cost one write per message; instead receipts for the same (user, log)
 * are merged while they wait and the writer saves all that are waiting in one operation. The future a
 * caller gets is that operation's, and {@code position} goes through the writer queue behind it, so a
 * receipt is visible to every read that starts after it was made. A login's {@code unread} reads on the
 * reader instead unless {@link #unsaved} says a receipt for its log is still on its way to the file. Each position is clamped to its log's head
 * as the writer saves it: the writer is the only thread that appends, so the head it sees inside the
 * transaction is exact, and a receipt for a seq not yet stored can never hide the messages that get it.
 */
final class PositionBuffer {
    private record Key(int userId, String log) {}

    private final SqliteDatabase db;
    private Map<Key, Long> waiting = new HashMap<>(); // guarded by this
    private CompletableFuture<Void> save; // guarded by this: the queued save that will take `waiting`
    /** Positions taken by saves that have not committed yet; guarded by this. Seldom more than one. */
    private final List<Map<Key, Long>> saving = new ArrayList<>(2);

    PositionBuffer(SqliteDatabase db) {
        this.db = db;
    }

    synchronized CompletableFuture<Void> raise(int userId, String log, long seq) {
        waiting.merge(new Key(userId, log), seq, Math::max);
        if (save == null) {
            Save next = new Save();
            save = db.write(next);
            // Whatever the outcome, the positions are then either committed or never will be.
            var unused = save.whenComplete((ok, error) -> saved(next));
        }
        return save;
    }

    /**
     * Whether a receipt of {@code userId} in {@code log} is waiting or being saved, so that the reader may not
     * see it yet. When this is false, every receipt made before the call is committed: a read that starts
     * afterwards sees it.
     */
    synchronized boolean unsaved(int userId, String log) {
        Key key = new Key(userId, log);
        if (waiting.containsKey(key)) {
            return true;
        }
        for (Map<Key, Long> taken : saving) {
            if (taken.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    private synchronized Map<Key, Long> take() {
        Map<Key, Long> taken = waiting;
        waiting = new HashMap<>();
        save = null;
        saving.add(taken);
        return taken;
    }

    private synchronized void saved(Save done) {
        // By identity: two saves may well have taken equal maps.
        saving.removeIf(taken -> taken == done.taken);
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
