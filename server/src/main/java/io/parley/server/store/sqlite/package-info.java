/**
 * The embedded backend: every store kept in one SQLite file, {@code <dataDir>/parley.db}, in WAL mode.
 * SQLite allows one writer at a time, so all writes go through one thread that group-commits whatever is
 * queued in a single transaction (one fsync for up to {@value io.parley.server.store.sqlite.WriteQueue#MAX_BATCH}
 * operations) and acknowledges nothing before its commit; reads run on a second thread with its own
 * connection, which WAL lets proceed while the writer commits. Callers only ever see
 * {@link java.util.concurrent.CompletableFuture}s, completed on those two threads: a dependent stage runs
 * there, so it must hop off before doing anything slow and must never wait for another store future (the
 * thread it waits on would be its own). {@link io.parley.server.store.sqlite.SqliteStores#open}
 * is the only public entry point.
 */
package io.parley.server.store.sqlite;
