package io.parley.server.store.sqlite;

/** What a write operation works with: the writer's connection, inside the batch's open transaction. */
record WriteTx(Statements sql, LogHeads heads) {}
