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
 * | Key                                         | Type       | Holds                                                 | Written by                       |
 * |---------------------------------------------|------------|-------------------------------------------------------|----------------------------------|
 * | parley:msgid                                | string     | last msgId reserved, store-wide (blocks of 1000)      | INCRBY (MsgIds)                  |
 * | parley:{log:<log>}:head                     | string     | highest seq of the log; absent: 0                     | append.lua                       |
 * | parley:{log:<log>}:msgs                     | sorted set | score seq, member the message JSON (with msgId, seq)  | append.lua                       |
 * | parley:{log:<log>}:pos                      | hash       | userId -> highest seq read, at most the head          | advance, position, join, leave, create |
 * | parley:{log:<log>}:dedup:<from>:<clientId>  | string     | seq of the message a sender sent to this log          | append.lua                       |
 * | parley:{log:inbox:<id>}:bytes               | string     | bytes of every message appended (for InboxQuota)      | append.lua                       |
 * | parley:{log:inbox:<id>}:totals              | hash       | seq -> the bytes total as of that message             | append.lua                       |
 * | parley:user:<userId>                        | string     | user JSON (userId, userName, passwordHash, createdAt) | SET NX                           |
 * | {parley:user:<userId>}:epoch                | string     | the user's token epoch; absent: 0                     | INCR, change_password.lua        |
 * | {parley:user:<userId>}:revoked:<tokenId>    | string     | exists while that resume token is revoked (PXAT)      | RedisSessionStore.revoke         |
 * | parley:user:<userId>:groups                 | set        | names of the user's groups (also the cap's count)     | reserve_group.lua before create/ |
 * |                                             |            |                                                       | join; SREM after leave           |
 * | parley:groups                               | set        | names of all groups (index)                           | SADD after create_group.lua      |
 * | parley:{log:group:<name>}:group             | hash       | owner, createdAt; exists exactly when the group does  | create_group.lua                 |
 * | parley:{log:group:<name>}:members           | set        | member userIds                                        | create_group, join, leave        |
 * | parley:presence:user:<userId>               | hash       | nodeId -> open sessions (field removed at 0)          | connect, disconnect, drop, set   |
 * | parley:presence:node:<nodeId>               | set        | userIds with sessions on that node                    | SADD/SREM after those scripts    |
 * | parley:nodes                                | set        | nodeIds registered and not yet found dead             | heartbeat, connect, clearNode    |
 * | parley:node:<nodeId>:alive                  | string     | exists while the node beats (SET PX ttl)              | heartbeat                        |
 * | parley:token-key                            | string     | the key that signs new resume tokens                  | token_keys, rotate_token_key     |
 * | {parley:token-key}:previous                 | hash       | key, rotatedAt: the key before the last rotation      | rotate_token_key.lua             |
 * }</pre>
 *
 * <p>Redis Cluster: every script touches the keys of one slot only. A log's keys and its group's keys share
 * the hash tag {@code {log:<log>}}, so what must change together (head, messages and dedup in an append;
 * members, head and positions in a join) is in one slot; presence scripts touch one user's hash. What lives
 * in other slots — the msgId counter, the group registry and per-user group sets, the per-node sets — is
 * updated by separate commands right after, and documented as indexes that a node dying in between can leave
 * one step behind (docs/cluster.md).
 */
package io.parley.server.store.redis;
