package io.parley.server.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The highest seq of each log, as the writer sees it, so that an append needs no lookup for a recently used
 * log. Confined to the writer thread. Heads set inside a transaction stay provisional until the commit: a
 * rolled back batch must not leave a head that no stored message has. (A batch that fails is run again one
 * operation per transaction, so no finer layer is needed.)
 */
final class LogHeads {
    /** Enough for every active conversation; a log pushed out is looked up again in the index. */
    static final int CACHED_LOGS = 100_000;

    /** The committed head of one log, found in the (log, seq) index. */
    static final String MAX_SEQ = "SELECT COALESCE(MAX(seq), 0) FROM messages WHERE log = ?";
    /**
     * The store-wide msgId counter, kept here as the head of a log no message can name (log names are never
     * empty), so that it is provisional and rolled back exactly like the log heads.
     */
    static final String MSG_IDS = "";

    /**
     * The {@code settings} entry holding the highest msgId ever assigned, written when messages are deleted (a
     * deleted user's inbox): without it, deleting the newest message would hand its msgId out again.
     */
    static final String MSG_ID_FLOOR = "msg-id-floor";

    private static final String MAX_MSG_ID = "SELECT MAX(COALESCE((SELECT MAX(msg_id) FROM messages), 0),"
            + " COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE name = '" + MSG_ID_FLOOR + "'), 0))";
    /** What sets a key of {@link #bytesOf} apart from a log name, which never starts with it. */
    private static final String BYTES = "bytes ";

    private static final String TOTAL_AT_HEAD =
            "SELECT total_bytes FROM messages WHERE log = ? ORDER BY seq DESC LIMIT 1";

    private final Statements sql;
    private final Map<String, Long> committed = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHED_LOGS;
        }
    };
    private final Map<String, Long> batch = new HashMap<>();

    /**
     * The key under which this cache keeps the running byte total of {@code log} (the {@code total_bytes} of its
     * newest message): provisional and rolled back exactly like the heads.
     */
    static String bytesOf(String log) {
        return BYTES + log;
    }

    LogHeads(Statements sql) {
        this.sql = sql;
    }

    /** The head of {@code log} including what this transaction appended so far. */
    long head(String log) throws SQLException {
        Long head = batch.get(log);
        if (head == null) {
            head = committed.get(log);
        }
        if (head == null) {
            // Nothing of this log was appended in this batch, so the index holds exactly the committed head.
            head = load(log);
            committed.put(log, head);
        }
        return head;
    }

    void set(String log, long head) {
        batch.put(log, head);
    }

    void commit() {
        committed.putAll(batch);
        batch.clear();
    }

    /** After a failed batch nothing provisional is trusted, nor anything cached, until read again. */
    void forget() {
        batch.clear();
        committed.clear();
    }

    private long load(String log) throws SQLException {
        if (MSG_IDS.equals(log)) {
            try (ResultSet rows = sql.prepare(MAX_MSG_ID).executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
        if (log.startsWith(BYTES)) {
            PreparedStatement query = sql.prepare(TOTAL_AT_HEAD);
            query.setString(1, log.substring(BYTES.length()));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
        PreparedStatement query = sql.prepare(MAX_SEQ);
        query.setString(1, log);
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
