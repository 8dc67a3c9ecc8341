package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.parley.server.store.PresenceStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Presence shared by every node: per user a hash nodeId → session count, a set of online users, and per
 * node a set of its users so that clearing a dead node visits only them.
 */
final class RedisPresenceStore implements PresenceStore {
    /** Users per clear_node.lua call, so that clearing a big node does not stall Redis in one long script. */
    static final int CLEAR_BATCH = 500;

    private final RedisAsyncCommands<String, String> redis;
    private final ScriptRunner scripts;

    RedisPresenceStore(RedisAsyncCommands<String, String> redis, ScriptRunner scripts) {
        this.redis = redis;
        this.scripts = scripts;
    }

    @Override
    public CompletableFuture<Boolean> connect(int userId, String nodeId) {
        return count(Script.CONNECT, userId, nodeId);
    }

    @Override
    public CompletableFuture<Boolean> disconnect(int userId, String nodeId) {
        return count(Script.DISCONNECT, userId, nodeId);
    }

    private CompletableFuture<Boolean> count(Script script, int userId, String nodeId) {
        requireNonNull(nodeId, "nodeId");
        String[] keys = {RedisKeys.sessions(userId), RedisKeys.ONLINE, RedisKeys.nodeUsers(nodeId)};
        return scripts.<Long>run(script, ScriptOutputType.INTEGER, keys, nodeId, Integer.toString(userId))
                .thenApply(changed -> changed == 1L);
    }

    @Override
    public CompletableFuture<Set<Integer>> online() {
        return redis.smembers(RedisKeys.ONLINE).toCompletableFuture().thenApply(RedisGroupStore::toIds);
    }

    /**
     * Reads the node's users, then clears them in batches, each batch one script naming all its keys.
     * A session the node opens after the read is newer than this call and stays.
     */
    @Override
    public CompletableFuture<Set<Integer>> clearNode(String nodeId) {
        requireNonNull(nodeId, "nodeId");
        return redis.smembers(RedisKeys.nodeUsers(nodeId)).toCompletableFuture().thenCompose(users -> {
            List<String> ids = List.copyOf(users);
            List<CompletableFuture<List<Object>>> batches = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += CLEAR_BATCH) {
                batches.add(clear(nodeId, ids.subList(from, Math.min(ids.size(), from + CLEAR_BATCH))));
            }
            return Futures.all(batches).thenApply(replies -> {
                Set<String> gone = new HashSet<>();
                replies.forEach(reply -> reply.forEach(id -> gone.add((String) id)));
                return RedisGroupStore.toIds(gone);
            });
        });
    }

    private CompletableFuture<List<Object>> clear(String nodeId, List<String> userIds) {
        String[] keys = new String[userIds.size() + 2];
        String[] args = new String[userIds.size() + 1];
        keys[0] = RedisKeys.nodeUsers(nodeId);
        keys[1] = RedisKeys.ONLINE;
        args[0] = nodeId;
        for (int i = 0; i < userIds.size(); i++) {
            keys[i + 2] = RedisKeys.sessions(Integer.parseInt(userIds.get(i)));
            args[i + 1] = userIds.get(i);
        }
        return scripts.run(Script.CLEAR_NODE, ScriptOutputType.MULTI, keys, args);
    }
}
