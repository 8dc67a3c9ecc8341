package io.parley.server.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection with its prepared statements kept for reuse, since the same few statements run for every
 * message. Confined to the one thread that owns the connection.
 */
final class Statements implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    Statements(Connection connection) {
        this.connection = connection;
    }

    /** The prepared statement for {@code sql}; every parameter must be set again before each use. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    /**
     * Runs one statement that takes no parameters and returns no rows. Prepared once like the others, because
     * the writer runs its transaction statements (BEGIN IMMEDIATE, COMMIT) for every batch.
     */
    void execute(String sql) throws SQLException {
        PreparedStatement statement = prepare(sql);
        if (statement.execute()) {
            // Some pragmas answer with a row; an unread result keeps the statement running and blocks COMMIT.
            statement.getResultSet().close();
        }
    }

    /** The single value a pragma or one-row query returns, as text. */
    String queryText(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /**
     * Drops every prepared statement, to be called after any failure: the driver can leave a statement that
     * failed unusable ("statement is not executing") without reporting it closed, so none is trusted again.
     */
    void forgetPrepared() {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // Already unusable; it is being dropped anyway.
            }
        }
        prepared.clear();
    }

    @Override
    public void close() throws SQLException {
        forgetPrepared();
        connection.close();
    }
}
