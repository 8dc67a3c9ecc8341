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
    private static final String INSERT =
            "INSERT INTO users (user_id, user_name, password_hash, created_at, token_epoch)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING";
    private static final String FIND =
            "SELECT user_id, user_name, password_hash, created_at, token_epoch FROM users WHERE user_id = ?";
    private static final String CHANGE_PASSWORD = "UPDATE users SET password_hash = ?, token_epoch = token_epoch + 1"
            + " WHERE user_id = ? AND password_hash = ? RETURNING token_epoch";

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
            insert.setLong(5, user.tokenEpoch());
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
                return Optional.of(new UserRecord(
                        rows.getInt(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getLong(5)));
            }
        });
    }

    @Override
    public CompletableFuture<Optional<Long>> changePassword(int userId, String oldHash, String newHash) {
        requireNonNull(oldHash, "oldHash");
        requireNonNull(newHash, "newHash");
        return db.write(tx -> {
            PreparedStatement update = tx.sql().prepare(CHANGE_PASSWORD);
            update.setString(1, newHash);
            update.setInt(2, userId);
            update.setString(3, oldHash);
            try (ResultSet rows = update.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        });
    }
}
