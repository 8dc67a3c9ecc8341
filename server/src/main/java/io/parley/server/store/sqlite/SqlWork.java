package io.parley.server.store.sqlite;

import java.sql.SQLException;

/** A unit of JDBC work run on a store thread against {@code A} (a read connection or a write transaction). */
@FunctionalInterface
interface SqlWork<A, T> {
    T run(A on) throws SQLException;
}
