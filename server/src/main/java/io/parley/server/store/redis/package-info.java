/**
 * The Redis backend of the stores, for running several Parley nodes on one shared state: opened by
 * {@link io.parley.server.store.redis.RedisStores#open(String)}, all four stores share one pipelined
 * Lettuce connection and return Lettuce's futures without ever blocking. Updates that touch several keys
 * run as Lua scripts ({@code *.lua} next to these classes), sent by digest and re-sent by source when
 * Redis has lost its script cache. An acknowledged write is as durable as the server's own persistence
 * makes it ({@code appendonly yes}, {@code appendfsync always} for no loss); the store does not configure
 * the server.
 *
 * <p>Keys ({@code <log>} is a log name: {@code all}, {@code inbox:<userId>}, {@code group:<name>}):
 * <pre>{@code
 * | Key                                     | Type       | Holds                                                 | Written by                         |
 * |-----------------------------------------|------------|-------------------------------------------------------|------------------------------------|
 * | parley:msgid                            | string     | last msgId handed out, store-wide                     | append.lua                         |
 * | parley:{log:<log>}:head                 | string     | highest seq of the log; absent: 0                     | append.lua                         |
 * | parley:{log:<log>}:msgs                 | sorted set | score seq, member the message JSON (with msgId, seq)  | append.lua                         |
 * | parley:{log:<log>}:pos                  | hash       | userId -> highest seq read                            | advance, join, leave, create_group |
 * | parley:dedup:<fromUserId>:<clientMsgId> | string     | "<seq> <msgs key>" of the original message            | append.lua                         |
 * | parley:user:<userId>                    | string     | user JSON (userId, userName, passwordHash, createdAt) | SET NX                             |
 * | parley:user:<userId>:groups             | set        | names of the user's groups                            | create_group, join, leave          |
 * | parley:groups                           | set        | names of all groups                                   | create_group.lua                   |
 * | parley:{log:group:<name>}:group         | hash       | owner, createdAt; exists exactly when the group does  | create_group.lua                   |
 * | parley:{log:group:<name>}:members       | set        | member userIds                                        | create_group, join, leave          |
 * | parley:presence:online                  | set        | userIds with at least one session                     | connect, disconnect, clear_node    |
 * | parley:presence:user:<userId>           | hash       | nodeId -> open sessions (field removed at 0)          | connect, disconnect, clear_node    |
 * | parley:presence:node:<nodeId>           | set        | userIds with sessions on that node                    | connect, disconnect, clear_node    |
 * }</pre>
 *
 * <p>A log's keys and its group's keys share the hash tag {@code {log:<log>}}, so what must change
 * together (head and messages in an append; members, head and positions in a join) is in one Redis
 * Cluster slot. Some scripts also touch keys of other slots — the msgId counter and dedup keys in append,
 * the group registry and per-user group sets in create/join/leave, the presence sets — which a single
 * Redis runs as is; Cluster support will have to split those steps out.
 */
package io.parley.server.store.redis;
