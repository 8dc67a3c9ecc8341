package io.parley.server.store.sqlite;

import static java.util.Objects.requireNonNull;

import io.parley.server.store.Appended;
import io.parley.server.store.InboxQuota;
import io.parley.server.store.Logs;
import io.parley.server.store.MessageStore;
import io.parley.server.store.NewMessage;
import io.parley.server.store.StoredMessage;
import io.parley.server.store.Unread;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Message logs and read positions in SQLite. An append takes its seq and its msgId from the writer's
 * {@link LogHeads}; both are assigned on the writer thread inside the batch's transaction, which is
 * what keeps seqs gapless and appends in submission order.
 */
final class SqliteMessageStore implements MessageStore {
    private static final String FIND_BY_CLIENT_ID =
            "SELECT " + MessageRows.COLUMNS + " FROM messages WHERE log = ? AND from_user_id = ? AND client_msg_id = ?";
    private static final String INSERT = "INSERT INTO messages (log, seq, from_user_id, from_user_name,"
            + " to_user_id, group_name, content, client_msg_id, sent_at, msg_id, total_bytes)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_UNLESS_RESENT = INSERT + " ON CONFLICT DO NOTHING";
    private static final String READ_AFTER =
            "SELECT " + MessageRows.COLUMNS + " FROM messages WHERE log = ? AND seq > ? ORDER BY seq LIMIT ?";
    private static final String READ_BEFORE =
            "SELECT " + MessageRows.COLUMNS + " FROM messages WHERE log = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
    private static final String POSITION = "SELECT seq FROM positions WHERE user_id = ? AND log = ?";
    private static final String TOTAL_AT = "SELECT total_bytes FROM messages WHERE log = ? AND seq = ?";
    private static final String RAISE_POSITION = "INSERT INTO positions (user_id, log, seq) VALUES (?, ?, ?)"
            + " ON CONFLICT (user_id, log) DO UPDATE SET seq = MAX(seq, excluded.seq)";

    private final SqliteDatabase db;
    private final PositionBuffer positions;

    SqliteMessageStore(SqliteDatabase db) {
        this.db = db;
        this.positions = new PositionBuffer(db);
    }

    @Override
    public CompletableFuture<Appended> append(NewMessage message, InboxQuota quota) {
        requireNonNull(message, "message");
        requireNonNull(quota, "quota");
        return db.write(tx -> append(tx, message, quota));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> readAfter(String log, long afterSeq, int limit) {
        requireNonNull(log, "log");
        checkLimit(limit);
        if (limit == 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        return db.read(sql -> readAfter(sql, log, afterSeq, limit));
    }

    private static List<StoredMessage> readAfter(Statements sql, String log, long afterSeq, int limit)
            throws SQLException {
        PreparedStatement query = sql.prepare(READ_AFTER);
        query.setString(1, log);
        query.setLong(2, afterSeq);
        query.setInt(3, limit);
        return MessageRows.readAll(query);
    }

    @Override
    public CompletableFuture<List<StoredMessage>> readBefore(String log, long beforeSeq, int limit) {
        requireNonNull(log, "log");
        checkLimit(limit);
        if (limit == 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        long below = beforeSeq <= 0 ? Long.MAX_VALUE : beforeSeq;
        return db.read(sql -> {
            PreparedStatement query = sql.prepare(READ_BEFORE);
            query.setString(1, log);
            query.setLong(2, below);
            query.setInt(3, limit);
            // Newest first is what the index walk with LIMIT gives; the contract wants them ascending.
            List<StoredMessage> newestFirst = MessageRows.readAll(query);
            Collections.reverse(newestFirst);
            return newestFirst;
        });
    }

    @Override
    public CompletableFuture<Long> head(String log) {
        requireNonNull(log, "log");
        return db.read(sql -> {
            PreparedStatement query = sql.prepare(LogHeads.MAX_SEQ);
            query.setString(1, log);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Override
    public CompletableFuture<Long> position(int userId, String log) {
        requireNonNull(log, "log");
        // Through the writer, not the reader: a receipt sent just before a reconnect must be seen by the
        // replay that follows, or acknowledged messages would be delivered again.
        return db.write(tx -> readPosition(tx.sql(), userId, log));
    }

    /**
     * One read instead of two (and none through the writer) unless a receipt for the log is still on its way
     * to the file: the common case of a login, whose receipts were saved long ago.
     */
    @Override
    public CompletableFuture<Unread> unread(int userId, String log, int limit) {
        requireNonNull(log, "log");
        checkLimit(limit);
        if (positions.unsaved(userId, log)) {
            return MessageStore.super.unread(userId, log, limit);
        }
        return db.read(sql -> {
            long position = readPosition(sql, userId, log);
            return new Unread(position, limit == 0 ? List.of() : readAfter(sql, log, position, limit));
        });
    }

    @Override
    public CompletableFuture<Void> advance(int userId, String log, long seq) {
        requireNonNull(log, "log");
        if (seq < 0) {
            throw new IllegalArgumentException("seq: " + seq + " (expected: >= 0)");
        }
        return positions.raise(userId, log, seq);
    }

    /** Sets the read position of {@code userId} in {@code log} to {@code seq} unless it is already higher. */
    static void raisePosition(Statements sql, int userId, String log, long seq) throws SQLException {
        PreparedStatement upsert = sql.prepare(RAISE_POSITION);
        upsert.setInt(1, userId);
        upsert.setString(2, log);
        upsert.setLong(3, seq);
        upsert.executeUpdate();
    }

    /**
     * Inserts first and looks for the original only when the (log, sender, clientMsgId) index refuses the row: a
     * resend is rare, so the common case costs one statement. Same connection, same transaction, so this also
     * catches a duplicate appended earlier in the same batch.
     */
    private static Appended append(WriteTx tx, NewMessage m, InboxQuota quota) throws SQLException {
        long seq = tx.heads().head(m.log()) + 1;
        long totalBytes = 0;
        if (Logs.isInbox(m.log())) {
            long before = tx.heads().head(LogHeads.bytesOf(m.log()));
            int size = InboxQuota.bytesOf(m.content());
            if (!fits(tx.sql(), m.log(), seq - 1, before, size, quota)) {
                // A resend of what was stored before the inbox filled up is still answered with the original.
                StoredMessage original = m.clientMsgId() == null
                        ? null
                        : findByClientId(tx.sql(), m.log(), m.fromUserId(), m.clientMsgId());
                return original != null ? Appended.storedBefore(original) : Appended.OVER_QUOTA;
            }
            totalBytes = before + size;
        }
        PreparedStatement insert = tx.sql().prepare(m.clientMsgId() == null ? INSERT : INSERT_UNLESS_RESENT);
        insert.setString(1, m.log());
        insert.setLong(2, seq);
        insert.setInt(3, m.fromUserId());
        insert.setString(4, m.fromUserName());
        insert.setInt(5, m.toUserId());
        setNullableText(insert, 6, m.group());
        insert.setString(7, m.content());
        setNullableText(insert, 8, m.clientMsgId());
        insert.setLong(9, m.sentAt());
        // The writer numbers messages itself: an update count is cheaper to get back than a RETURNING row.
        long msgId = tx.heads().head(LogHeads.MSG_IDS) + 1;
        insert.setLong(10, msgId);
        insert.setLong(11, totalBytes);
        if (insert.executeUpdate() == 0) {
            StoredMessage original = findByClientId(tx.sql(), m.log(), m.fromUserId(), m.clientMsgId());
            if (original == null) {
                throw new SQLException("append to " + m.log() + " #" + seq + " conflicted with another row");
            }
            return Appended.storedBefore(original);
        }
        tx.heads().set(LogHeads.MSG_IDS, msgId);
        tx.heads().set(m.log(), seq);
        if (totalBytes > 0) {
            tx.heads().set(LogHeads.bytesOf(m.log()), totalBytes);
        }
        return Appended.stored(new StoredMessage(
                msgId,
                m.log(),
                seq,
                m.fromUserId(),
                m.fromUserName(),
                m.toUserId(),
                m.group(),
                m.content(),
                m.clientMsgId(),
                m.sentAt()));
    }

    /**
     * Whether one more message of {@code size} bytes fits the quota of the inbox {@code log} whose head is
     * {@code head} and running byte total {@code total}. The read position can only lower what is unread, so
     * while the whole log is within the quota it is not looked up: the common case costs no statement.
     */
    private static boolean fits(Statements sql, String log, long head, long total, int size, InboxQuota quota)
            throws SQLException {
        if (head < quota.messages() && total + size <= quota.bytes()) {
            return true;
        }
        long position = readPosition(sql, Logs.inboxOwner(log), log);
        if (head - position >= quota.messages()) {
            return false;
        }
        long read = 0;
        if (position > 0) {
            PreparedStatement query = sql.prepare(TOTAL_AT);
            query.setString(1, log);
            query.setLong(2, position);
            try (ResultSet rows = query.executeQuery()) {
                read = rows.next() ? rows.getLong(1) : 0;
            }
        }
        return total - read + size <= quota.bytes();
    }

    private static long readPosition(Statements sql, int userId, String log) throws SQLException {
        PreparedStatement query = sql.prepare(POSITION);
        query.setInt(1, userId);
        query.setString(2, log);
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0L;
        }
    }

    private static StoredMessage findByClientId(Statements sql, String log, int fromUserId, String clientMsgId)
            throws SQLException {
        PreparedStatement query = sql.prepare(FIND_BY_CLIENT_ID);
        query.setString(1, log);
        query.setInt(2, fromUserId);
        query.setString(3, clientMsgId);
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? MessageRows.read(rows) : null;
        }
    }

    private static void setNullableText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
        }
    }
}
