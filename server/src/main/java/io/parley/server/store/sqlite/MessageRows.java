package io.parley.server.store.sqlite;

import io.parley.server.store.StoredMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** How a stored message is selected and read back from a row, kept in one place for every query. */
final class MessageRows {
    static final String COLUMNS =
            "msg_id, log, seq, from_user_id, from_user_name, to_user_id, group_name, content, client_msg_id, sent_at";

    private MessageRows() {}

    static StoredMessage read(ResultSet row) throws SQLException {
        return new StoredMessage(
                row.getLong(1),
                row.getString(2),
                row.getLong(3),
                row.getInt(4),
                row.getString(5),
                row.getInt(6),
                row.getString(7),
                row.getString(8),
                row.getString(9),
                row.getLong(10));
    }

    /** Runs {@code query}, whose parameters are set, and reads every row in the order returned. */
    static List<StoredMessage> readAll(PreparedStatement query) throws SQLException {
        List<StoredMessage> messages = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                messages.add(read(rows));
            }
        }
        return messages;
    }
}
