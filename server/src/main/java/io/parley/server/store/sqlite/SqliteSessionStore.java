package io.parley.server.store.sqlite;

import static java.util.Objects.requireNonNull;

import io.parley.server.store.ResumeState;
import io.parley.server.store.SessionStore;
import io.parley.server.store.TokenKeys;
import io.parley.server.store.UserRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Token keys in the {@code settings} table, revoked token ids in {@code revoked_tokens}, epochs in {@code users}.
 * A second process (the {@code rotate-token-key} command) may rotate the key while a server runs: WAL lets it
 * write beside the server's connections, and the server reads the settings afresh at each key check.
 */
final class SqliteSessionStore implements SessionStore {
    /** The current key; the name is the one earlier versions stored their only key under, so that key stays valid. */
    static final String CURRENT_KEY = "token-key";

    static final String PREVIOUS_KEY = "token-key-previous";
    static final String ROTATED_AT = "token-key-rotated-at";

    private static final String KEEP = "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING";
    private static final String PUT = "INSERT INTO settings (name, value) VALUES (?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET value = excluded.value";
    private static final String GET = "SELECT value FROM settings WHERE name = ?";
    private static final String RESUME_STATE = "SELECT user_name, token_epoch,"
            + " EXISTS (SELECT 1 FROM revoked_tokens WHERE token_id = ? AND user_id = ?) FROM users WHERE user_id = ?"
            + " AND password_hash <> ?";
    private static final String REVOKE = "INSERT INTO revoked_tokens (token_id, user_id, expires_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (token_id) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)";
    private static final String PURGE = "DELETE FROM revoked_tokens WHERE expires_at < ?";
    private static final String BUMP =
            "UPDATE users SET token_epoch = token_epoch + 1 WHERE user_id = ?" + " RETURNING token_epoch";

    private final SqliteDatabase db;

    SqliteSessionStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<TokenKeys> tokenKeys(String candidate) {
        requireNonNull(candidate, "candidate");
        return db.write(tx -> {
            PreparedStatement keep = tx.sql().prepare(KEEP);
            keep.setString(1, CURRENT_KEY);
            keep.setString(2, candidate);
            keep.executeUpdate();
            return read(tx.sql());
        });
    }

    @Override
    public CompletableFuture<TokenKeys> rotateTokenKey(String newKey, long rotatedAt) {
        requireNonNull(newKey, "newKey");
        return db.write(tx -> {
            String current = get(tx.sql(), CURRENT_KEY);
            if (current != null) {
                put(tx.sql(), PREVIOUS_KEY, current);
                put(tx.sql(), ROTATED_AT, Long.toString(rotatedAt));
            }
            put(tx.sql(), CURRENT_KEY, newKey);
            return read(tx.sql());
        });
    }

    @Override
    public CompletableFuture<Optional<ResumeState>> resumeState(int userId, String tokenId) {
        requireNonNull(tokenId, "tokenId");
        return db.read(sql -> {
            PreparedStatement query = sql.prepare(RESUME_STATE);
            query.setString(1, tokenId);
            query.setInt(2, userId);
            query.setInt(3, userId);
            query.setString(4, UserRecord.DELETED_HASH);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ResumeState(rows.getString(1), rows.getLong(2), rows.getInt(3) == 1));
            }
        });
    }

    @Override
    public CompletableFuture<Void> revoke(int userId, String tokenId, long until) {
        requireNonNull(tokenId, "tokenId");
        return db.write(tx -> {
            // Logouts are rare next to messages, so each one also drops what has expired: the table stays the
            // size of the tokens revoked within one token lifetime, with no sweeper thread.
            PreparedStatement purge = tx.sql().prepare(PURGE);
            purge.setLong(1, System.currentTimeMillis());
            purge.executeUpdate();
            PreparedStatement revoke = tx.sql().prepare(REVOKE);
            revoke.setString(1, tokenId);
            revoke.setInt(2, userId);
            revoke.setLong(3, until);
            revoke.executeUpdate();
            return null;
        });
    }

    @Override
    public CompletableFuture<Long> bumpTokenEpoch(int userId) {
        return db.write(tx -> {
            PreparedStatement bump = tx.sql().prepare(BUMP);
            bump.setInt(1, userId);
            try (ResultSet rows = bump.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("no user " + userId);
                }
                return rows.getLong(1);
            }
        });
    }

    private static TokenKeys read(Statements sql) throws SQLException {
        String rotatedAt = get(sql, ROTATED_AT);
        return new TokenKeys(
                get(sql, CURRENT_KEY), get(sql, PREVIOUS_KEY), rotatedAt == null ? 0 : Long.parseLong(rotatedAt));
    }

    private static String get(Statements sql, String name) throws SQLException {
        PreparedStatement query = sql.prepare(GET);
        query.setString(1, name);
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static void put(Statements sql, String name, String value) throws SQLException {
        PreparedStatement put = sql.prepare(PUT);
        put.setString(1, name);
        put.setString(2, value);
        put.executeUpdate();
    }
}
