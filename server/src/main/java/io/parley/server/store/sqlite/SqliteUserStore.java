package io.parley.server.store.sqlite;

import static java.util.Objects.requireNonNull;

import io.parley.server.store.Logs;
import io.parley.server.store.UserRecord;
import io.parley.server.store.UserStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Registered users in SQLite. Every change is one statement, or (delete) one transaction, on the writer thread;
 * the {@code password_hash <> DELETED_HASH} conditions keep a tombstone from being changed back into a user.
 */
final class SqliteUserStore implements UserStore {
    private static final String COLUMNS =
            "user_id, user_name, password_hash, created_at, token_epoch, banned_until, ban_reason";
    private static final String INSERT =
            "INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)" + " ON CONFLICT (user_id) DO NOTHING";
    private static final String FIND = "SELECT " + COLUMNS + " FROM users WHERE user_id = ?";
    private static final String CHANGE_PASSWORD = "UPDATE users SET password_hash = ?, token_epoch = token_epoch + 1"
            + " WHERE user_id = ? AND password_hash = ? RETURNING token_epoch";
    private static final String BAN = "UPDATE users SET banned_until = ?, ban_reason = ?, token_epoch = token_epoch + 1"
            + " WHERE user_id = ? AND password_hash <> ? RETURNING token_epoch";
    private static final String UNBAN =
            "UPDATE users SET banned_until = 0, ban_reason = '' WHERE user_id = ? AND banned_until <> 0";
    private static final String RESET_PASSWORD = "UPDATE users SET password_hash = ?, token_epoch = token_epoch + 1"
            + " WHERE user_id = ? AND password_hash <> ? RETURNING token_epoch";
    private static final String TOMBSTONE = "UPDATE users SET user_name = '', password_hash = ?,"
            + " token_epoch = token_epoch + 1, banned_until = 0, ban_reason = ''"
            + " WHERE user_id = ? AND password_hash <> ?";
    private static final String KEEP_MSG_ID_FLOOR = "INSERT INTO settings (name, value) VALUES (?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET value = excluded.value";
    private static final String DELETE_LOG = "DELETE FROM messages WHERE log = ?";
    // The primary key's prefix; positions in an inbox are only ever its owner's.
    private static final String DELETE_POSITIONS = "DELETE FROM positions WHERE user_id = ?";
    private static final String DELETE_MEMBERSHIPS = "DELETE FROM members WHERE user_id = ?";
    // No index on user_id: the table holds only the tokens revoked within one token lifetime, and deletes are rare.
    private static final String DELETE_REVOKED = "DELETE FROM revoked_tokens WHERE user_id = ?";

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
            insert.setLong(6, user.bannedUntil());
            insert.setString(7, user.banReason());
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
                        rows.getInt(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getLong(4),
                        rows.getLong(5),
                        rows.getLong(6),
                        rows.getString(7)));
            }
        });
    }

    @Override
    public CompletableFuture<Optional<Long>> changePassword(int userId, String oldHash, String newHash) {
        requireNonNull(oldHash, "oldHash");
        checkNewHash(newHash);
        if (oldHash.equals(UserRecord.DELETED_HASH)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return db.write(tx -> epochAfter(tx.sql().prepare(CHANGE_PASSWORD), newHash, userId, oldHash));
    }

    @Override
    public CompletableFuture<Optional<Long>> ban(int userId, long until, String reason) {
        requireNonNull(reason, "reason");
        if (until <= 0) {
            throw new IllegalArgumentException("until: " + until + " (expected: > 0)");
        }
        return db.write(tx -> {
            PreparedStatement update = tx.sql().prepare(BAN);
            update.setLong(1, until);
            update.setString(2, reason);
            update.setInt(3, userId);
            update.setString(4, UserRecord.DELETED_HASH);
            return epoch(update);
        });
    }

    @Override
    public CompletableFuture<Boolean> unban(int userId) {
        return db.write(tx -> {
            PreparedStatement update = tx.sql().prepare(UNBAN);
            update.setInt(1, userId);
            return update.executeUpdate() == 1;
        });
    }

    @Override
    public CompletableFuture<Optional<Long>> resetPassword(int userId, String newHash) {
        checkNewHash(newHash);
        return db.write(tx -> epochAfter(tx.sql().prepare(RESET_PASSWORD), newHash, userId, UserRecord.DELETED_HASH));
    }

    /**
     * One transaction: the tombstone and the removal of the user's data commit together or not at all. The inbox's
     * head and byte total go back to 0 in the writer's cache as in the index; the highest msgId is kept in
     * settings first, since the inbox may hold the newest message.
     */
    @Override
    public CompletableFuture<Boolean> delete(int userId) {
        return db.write(tx -> {
            PreparedStatement tombstone = tx.sql().prepare(TOMBSTONE);
            tombstone.setString(1, UserRecord.DELETED_HASH);
            tombstone.setInt(2, userId);
            tombstone.setString(3, UserRecord.DELETED_HASH);
            if (tombstone.executeUpdate() == 0) {
                return false;
            }
            String inbox = Logs.inbox(userId);
            PreparedStatement floor = tx.sql().prepare(KEEP_MSG_ID_FLOOR);
            floor.setString(1, LogHeads.MSG_ID_FLOOR);
            floor.setString(2, Long.toString(tx.heads().head(LogHeads.MSG_IDS)));
            floor.executeUpdate();
            run(tx.sql(), DELETE_LOG, inbox);
            tx.heads().set(inbox, 0);
            tx.heads().set(LogHeads.bytesOf(inbox), 0);
            run(tx.sql(), DELETE_POSITIONS, userId);
            run(tx.sql(), DELETE_MEMBERSHIPS, userId);
            run(tx.sql(), DELETE_REVOKED, userId);
            return true;
        });
    }

    private static void run(Statements sql, String statement, Object key) throws SQLException {
        PreparedStatement delete = sql.prepare(statement);
        delete.setObject(1, key);
        delete.executeUpdate();
    }

    /** Runs {@code update}, whose parameters are (hash, userId, hash to compare), for the epoch it returns. */
    private static Optional<Long> epochAfter(PreparedStatement update, String hash, int userId, String compared)
            throws SQLException {
        update.setString(1, hash);
        update.setInt(2, userId);
        update.setString(3, compared);
        return epoch(update);
    }

    private static Optional<Long> epoch(PreparedStatement update) throws SQLException {
        try (ResultSet rows = update.executeQuery()) {
            return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
        }
    }

    /** A hash that would make a user a tombstone without deleting its data is refused. */
    static void checkNewHash(String newHash) {
        requireNonNull(newHash, "newHash");
        if (newHash.equals(UserRecord.DELETED_HASH)) {
            throw new IllegalArgumentException("newHash: the hash of deleted users");
        }
    }
}
