/**
 * The Redis backend of the stores, for running several Parley nodes on one shared state: opened by
 * {@link io.parley.server.store.redis.RedisStores#open(String)}, all the stores share one pipelined
 * Lettuce connection and return Lettuce's futures without ever blocking. Updates that touch several keys
 * run as Lua scripts ({@code *.lua} next to these classes), sent by digest and re-sent by source when
 * Redis has lost its script cache. An acknowledged write is as durable as the server's own persistence
 * makes it ({@code appendonly yes}, {@code appendfsync always} for no loss); the store does not configure
 * the server.
 *
 * <p>The keys, their types and which script or command writes each are listed once, in docs/storage.md
 * ("Redis", "Keys"); change that table with the key names in {@code RedisKeys}.
 *
 * <p>Redis Cluster: every script touches the keys of one slot only. A log's keys and its group's keys share
 * the hash tag {@code {log:<log>}}, so what must change together (head, messages and dedup in an append;
 * members, head and positions in a join) is in one slot; presence scripts touch one user's hash. What lives
 * in other slots — the msgId counter, the group registry and per-user group sets, the per-node sets — is
 * updated by separate commands right after, and documented as indexes that a node dying in between can leave
 * one step behind (docs/cluster.md).
 */
package io.parley.server.store.redis;
