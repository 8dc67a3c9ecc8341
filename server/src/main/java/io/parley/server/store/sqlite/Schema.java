package io.parley.server.store.sqlite;

import java.sql.SQLException;

/**
 * The tables, created when missing. No foreign keys: every write comes from this package, and checking them
 * would cost a lookup per insert on the single writer thread. STRICT tables reject a value of the wrong type
 * instead of storing it silently.
 */
final class Schema {
    /** Stored in {@code PRAGMA user_version}, so a later layout can tell an old file from a new one. */
    static final int VERSION = 2;

    private static final String[] TABLES = {
        """
        CREATE TABLE IF NOT EXISTS users (
          user_id       INTEGER PRIMARY KEY,
          user_name     TEXT    NOT NULL,
          password_hash TEXT    NOT NULL,
          created_at    INTEGER NOT NULL
        ) STRICT""",
        // msg_id aliases the rowid; the writer assigns max(msg_id) + 1 itself (LogHeads), so ids increase as
        // long as the newest message is never deleted, without the sqlite_sequence write AUTOINCREMENT costs.
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
          sent_at        INTEGER NOT NULL
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

    private Schema() {
    }

    /**
     * Layout 2 adds each user's token epoch (docs/security.md, sessions). A layout-1 file gains the column with
     * epoch 0 for everyone, so its users and its token key go on working; a new file has it from the start.
     */
    private static void addUserTokenEpoch(Statements sql) throws SQLException {
        if (!hasColumn(sql, "users", "token_epoch")) {
            sql.execute("ALTER TABLE users ADD COLUMN token_epoch INTEGER NOT NULL DEFAULT 0");
        }
    }

    private static boolean hasColumn(Statements sql, String table, String column) throws SQLException {
        return sql.queryText("SELECT count(*) FROM pragma_table_info('" + table + "') WHERE name = '" + column + "'")
                .equals("1");
    }

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
            addUserTokenEpoch(sql);
            sql.execute("PRAGMA user_version = " + VERSION);
            sql.execute("COMMIT");
        } catch (SQLException e) {
            sql.execute("ROLLBACK");
            throw e;
        }
    }
}
