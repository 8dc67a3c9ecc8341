package io.parley.server.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The tables, created when missing. No foreign keys: every write comes from this package, and checking them
 * would cost a lookup per insert on the single writer thread. STRICT tables reject a value of the wrong type
 * instead of storing it silently.
 */
final class Schema {
    /** Stored in {@code PRAGMA user_version}, so a later layout can tell an old file from a new one. */
    static final int VERSION = 3;

    /**
     * Version 2 clamps receipts. Before it, a receipt was stored as sent: a seq beyond the log's head hid every
     * message appended later, and a receipt for a group the user was not in made a row. Run once, when a file
     * of an earlier version is opened and before anything is appended, so the head it clamps to is the head the
     * receipt was made against.
     */
    private static final String[] CLAMP_POSITIONS = {
        """
        DELETE FROM positions WHERE log LIKE 'group:%' AND NOT EXISTS (SELECT 1 FROM members m
          WHERE m.group_name = substr(positions.log, 7) AND m.user_id = positions.user_id)""", """
        UPDATE positions SET seq = (SELECT COALESCE(MAX(m.seq), 0) FROM messages m WHERE m.log = positions.log)
          WHERE seq > (SELECT COALESCE(MAX(m.seq), 0) FROM messages m WHERE m.log = positions.log)""",
    };

    private static final String[] TABLES = {
        """
        CREATE TABLE IF NOT EXISTS users (
          user_id       INTEGER PRIMARY KEY,
          user_name     TEXT    NOT NULL,
          password_hash TEXT    NOT NULL,
          created_at    INTEGER NOT NULL
        ) STRICT""",
        // msg_id aliases the rowid; the writer assigns max(msg_id) + 1 itself (LogHeads), so ids increase without
        // the sqlite_sequence write AUTOINCREMENT costs; a delete of messages records the highest id in settings.
        """
        CREATE TABLE IF NOT EXISTS messages (
          msg_id         INTEGER PRIMARY KEY,
          log            TEXT    NOT NULL,
          seq            INTEGER NOT NULL,
          from_user_id   INTEGER NOT NULL,
          from_user_name TEXT    NOT NULL,
          to_user_id     INTEGER NOT NULL,
          group_name     TEXT,
          content        TEXT    NOT NULL,
          client_msg_id  TEXT,
          sent_at        INTEGER NOT NULL,
          total_bytes    INTEGER NOT NULL DEFAULT 0
        ) STRICT""",
        // Serves every read (a range of seq in one log) and the head (max seq of a log), and refuses a second
        // message with the seq of another: the log head lives in this index rather than in a table of its own,
        // which would cost one more write per message.
        "CREATE UNIQUE INDEX IF NOT EXISTS messages_by_log ON messages (log, seq)",
        // Makes a resent message (same log, same sender, same client id) findable, and impossible to store twice.
        // Scoped to the log, as in the Redis store, where a Cluster keeps a log's keys and its dedup keys in one
        // slot; the index of earlier versions (no log) is replaced, and every row it allowed this one allows.
        // Sender first, log last: a client numbers its ids in order, so each sender's new entries land next to
        // its last ones and the pages being written stay few and cached. Log first scattered them over every
        // (log, sender) pair, the whole index became the working set, and appends slowed as it outgrew the cache
        // (StoreAppendBenchmark over a million messages: 34,000/s down to 11,000/s; in this order 38,000 to 20,000).
        "DROP INDEX IF EXISTS messages_by_client_id",
        "DROP INDEX IF EXISTS messages_by_log_client_id",
        """
        CREATE UNIQUE INDEX IF NOT EXISTS messages_by_sender_client_id ON messages (from_user_id, client_msg_id, log)
          WHERE client_msg_id IS NOT NULL""",
        """
        CREATE TABLE IF NOT EXISTS positions (
          user_id INTEGER NOT NULL,
          log     TEXT    NOT NULL,
          seq     INTEGER NOT NULL,
          PRIMARY KEY (user_id, log)
        ) STRICT, WITHOUT ROWID""",
        """
        CREATE TABLE IF NOT EXISTS chat_groups (
          name       TEXT    PRIMARY KEY,
          owner_id   INTEGER NOT NULL,
          created_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID""",
        """
        CREATE TABLE IF NOT EXISTS members (
          group_name TEXT    NOT NULL,
          user_id    INTEGER NOT NULL,
          PRIMARY KEY (group_name, user_id)
        ) STRICT, WITHOUT ROWID""",
        "CREATE INDEX IF NOT EXISTS members_by_user ON members (user_id, group_name)",
        // Ids of resume tokens revoked by a logout, kept until the token would have expired anyway; the index
        // lets each revocation purge the expired ones without a scan.
        """
        CREATE TABLE IF NOT EXISTS revoked_tokens (
          token_id   TEXT    PRIMARY KEY,
          user_id    INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID""",
        "CREATE INDEX IF NOT EXISTS revoked_tokens_by_expiry ON revoked_tokens (expires_at)",
        // Small named values of the server itself, such as the keys that sign resume tokens.
        """
        CREATE TABLE IF NOT EXISTS settings (
          name  TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT, WITHOUT ROWID""",
    };

    /**
     * Columns added since the first layout, with what adds them to a file made before: {@code CREATE TABLE IF NOT
     * EXISTS} leaves an old table as it was. {@code total_bytes}: in an inbox, the bytes of every message up to
     * this one (InboxQuota), so that the unread bytes are two lookups away; older messages keep 0.
     * {@code token_epoch}: each user's resume-token epoch (docs/security.md, sessions); old users start at 0, so
     * their tokens and the token key go on working. {@code banned_until} and {@code ban_reason} (layout 3): a ban
     * (UserStore.ban); old users are not banned. Layout 3 is refused by the servers of layout 2, which would let a
     * banned user log in.
     */
    private static final String[][] ADDED_COLUMNS = {
        {"messages", "total_bytes", "ALTER TABLE messages ADD COLUMN total_bytes INTEGER NOT NULL DEFAULT 0"},
        {"users", "token_epoch", "ALTER TABLE users ADD COLUMN token_epoch INTEGER NOT NULL DEFAULT 0"},
        {"users", "banned_until", "ALTER TABLE users ADD COLUMN banned_until INTEGER NOT NULL DEFAULT 0"},
        {"users", "ban_reason", "ALTER TABLE users ADD COLUMN ban_reason TEXT NOT NULL DEFAULT ''"},
    };

    private Schema() {}

    static void create(Statements sql) throws SQLException {
        int found = Integer.parseInt(sql.queryText("PRAGMA user_version"));
        if (found > VERSION) {
            throw new SQLException("database layout " + found + " is newer than this server's (" + VERSION + ")");
        }
        sql.execute("BEGIN IMMEDIATE");
        try {
            for (String table : TABLES) {
                sql.execute(table);
            }
            for (String[] added : ADDED_COLUMNS) {
                if (!hasColumn(sql, added[0], added[1])) {
                    sql.execute(added[2]);
                }
            }
            if (found < 2) {
                for (String repair : CLAMP_POSITIONS) {
                    sql.execute(repair);
                }
            }
            sql.execute("PRAGMA user_version = " + VERSION);
            sql.execute("COMMIT");
        } catch (SQLException e) {
            sql.execute("ROLLBACK");
            throw e;
        }
    }

    private static boolean hasColumn(Statements sql, String table, String column) throws SQLException {
        PreparedStatement query = sql.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
        query.setString(1, table);
        query.setString(2, column);
        try (ResultSet rows = query.executeQuery()) {
            return rows.next();
        }
    }
}
