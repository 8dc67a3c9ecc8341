package io.parley.server.store.sqlite;

import static java.util.Objects.requireNonNull;

import io.parley.server.store.UserRecord;
import io.parley.server.store.UserStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Registered users in SQLite. */
final class SqliteUserStore implements UserStore {
    private static final String INSERT = "INSERT INTO users (user_id, user_name, password_hash, created_at)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING";
    private static final String FIND =
        "SELECT user_id, user_name, password_hash, created_at FROM users WHERE user_id = ?";

    private static final String KEEP_SETTING = "INSERT INTO settings (name, value) VALUES (?, ?)"
        + " ON CONFLICT (name) DO NOTHING";
    private static final String SETTING = "SELECT value FROM settings WHERE name = ?";
    private static final String TOKEN_KEY = "token-key";

    private final SqliteDatabase db;

    SqliteUserStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Boolean> create(UserRecord user) {
        requireNonNull(user, "user");
        return db.write(tx -> {
            PreparedStatement insert = tx.sql().prepare(INSERT);
            insert.setInt(1, user.userId());
            insert.setString(2, user.userName());
            insert.setString(3, user.passwordHash());
            insert.setLong(4, user.createdAt());
            return insert.executeUpdate() == 1;
        });
    }

    @Override
    public CompletableFuture<Optional<UserRecord>> find(int userId) {
        return db.read(sql -> {
            PreparedStatement query = sql.prepare(FIND);
            query.setInt(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new UserRecord(rows.getInt(1), rows.getString(2), rows.getString(3),
                    rows.getLong(4)));
            }
        });
    }

    @Override
    public CompletableFuture<String> tokenKey(String candidate) {
        requireNonNull(candidate, "candidate");
        return db.write(tx -> {
            PreparedStatement keep = tx.sql().prepare(KEEP_SETTING);
            keep.setString(1, TOKEN_KEY);
            keep.setString(2, candidate);
            keep.executeUpdate();
            PreparedStatement query = tx.sql().prepare(SETTING);
            query.setString(1, TOKEN_KEY);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        });
    }
}
