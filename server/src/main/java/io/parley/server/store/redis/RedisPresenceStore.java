package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.store.PresenceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Presence shared by every node: per user a hash nodeId → session count, per node a set of its users (so that
 * clearing a dead node visits only them), a registry of nodes and a key per node that lives while it beats.
 *
 * <p>Every script touches one user's hash only, so each runs in one Redis Cluster slot; the per-node sets are
 * updated by separate commands. The scripts publish "1 userId nodeId" when a user comes online anywhere and
 * "0 userId nodeId" when it goes offline everywhere on {@link RedisKeys#PRESENCE_CHANNEL}: published from inside
 * the script, notices about one user leave Redis in the order its changes happened, whichever nodes made them.
 * There is no set of all online users: {@link #online()} is the union of the live nodes' sets, read when a node
 * starts or reconnects; nodes follow the notices in between.
 */
final class RedisPresenceStore implements PresenceStore {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScriptCalls scripts;

    RedisPresenceStore(RedisClusterAsyncCommands<String, String> redis, ScriptCalls scripts) {
        this.redis = redis;
        this.scripts = scripts;
    }

    @Override
    public CompletableFuture<Boolean> connect(int userId, String nodeId) {
        requireNonNull(nodeId, "nodeId");
        CompletableFuture<Long> first = userScript(Script.CONNECT, userId, nodeId);
        CompletableFuture<Long> listed = redis.sadd(RedisKeys.nodeUsers(nodeId), Integer.toString(userId))
                .toCompletableFuture();
        return redis.sadd(RedisKeys.NODES, nodeId)
                .toCompletableFuture()
                .thenCombine(first, (registered, wasFirst) -> wasFirst == 1L)
                .thenCombine(listed, (wasFirst, added) -> wasFirst);
    }

    @Override
    public CompletableFuture<Boolean> disconnect(int userId, String nodeId) {
        requireNonNull(nodeId, "nodeId");
        return userScript(Script.DISCONNECT, userId, nodeId)
                .thenCompose(result -> result == 0L
                        ? CompletableFuture.completedFuture(false)
                        : redis.srem(RedisKeys.nodeUsers(nodeId), Integer.toString(userId))
                                .toCompletableFuture()
                                .thenApply(removed -> result == 2L));
    }

    private CompletableFuture<Long> userScript(Script script, int userId, String nodeId, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = nodeId;
        args[1] = Integer.toString(userId);
        args[2] = RedisKeys.PRESENCE_CHANNEL;
        System.arraycopy(more, 0, args, 3, more.length);
        return scripts.run(script, ScriptOutputType.INTEGER, new String[] {RedisKeys.sessions(userId)}, args);
    }

    /** The union of the registered nodes' users: one SMEMBERS for the registry, then one per node, pipelined. */
    @Override
    public CompletableFuture<Set<Integer>> online() {
        return redis.smembers(RedisKeys.NODES).toCompletableFuture().thenCompose(nodes -> {
            List<CompletableFuture<Set<String>>> sets = new ArrayList<>();
            for (String node : nodes) {
                sets.add(redis.smembers(RedisKeys.nodeUsers(node)).toCompletableFuture());
            }
            return Futures.all(sets).thenApply(all -> {
                Set<String> ids = new HashSet<>();
                all.forEach(ids::addAll);
                return RedisGroupStore.toIds(ids);
            });
        });
    }

    /**
     * Reads the node's users, drops the node's field from each one's hash (one script per user, all pipelined),
     * then removes them from the node's set and the node from the registry. A session the node opens after
     * the read is newer than this call and stays.
     */
    @Override
    public CompletableFuture<Set<Integer>> clearNode(String nodeId) {
        requireNonNull(nodeId, "nodeId");
        return redis.smembers(RedisKeys.nodeUsers(nodeId))
                .toCompletableFuture()
                .thenCompose(users -> dropUsers(nodeId, users))
                .thenCompose(gone -> redis.srem(RedisKeys.NODES, nodeId)
                        .toCompletableFuture()
                        .thenApply(n -> gone));
    }

    /** Drops {@code nodeId}'s sessions of {@code users}; completes with those who went offline everywhere. */
    private CompletableFuture<Set<Integer>> dropUsers(String nodeId, Set<String> users) {
        if (users.isEmpty()) {
            return CompletableFuture.completedFuture(Set.of());
        }
        List<String> ids = List.copyOf(users);
        List<CompletableFuture<Long>> drops = new ArrayList<>(ids.size());
        for (String id : ids) {
            drops.add(userScript(Script.DROP_NODE, Integer.parseInt(id), nodeId));
        }
        CompletableFuture<Long> removed = redis.srem(RedisKeys.nodeUsers(nodeId), ids.toArray(new String[0]))
                .toCompletableFuture();
        return Futures.all(drops).thenCombine(removed, (results, ignored) -> {
            Set<Integer> gone = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                if (results.get(i) == 1L) {
                    gone.add(Integer.valueOf(ids.get(i)));
                }
            }
            return Set.copyOf(gone);
        });
    }

    @Override
    public CompletableFuture<Void> resync(String nodeId, Map<Integer, Integer> sessions) {
        requireNonNull(nodeId, "nodeId");
        Map<Integer, Integer> counts = Map.copyOf(sessions);
        List<CompletableFuture<?>> steps = new ArrayList<>();
        counts.forEach((userId, count) -> {
            steps.add(userScript(Script.SET_SESSIONS, userId, nodeId, Integer.toString(count)));
            steps.add(redis.sadd(RedisKeys.nodeUsers(nodeId), Integer.toString(userId))
                    .toCompletableFuture());
        });
        steps.add(redis.sadd(RedisKeys.NODES, nodeId).toCompletableFuture());
        CompletableFuture<Void> stale = redis.smembers(RedisKeys.nodeUsers(nodeId))
                .toCompletableFuture()
                .thenCompose(recorded -> {
                    Set<String> gone = new HashSet<>(recorded);
                    counts.keySet().forEach(id -> gone.remove(Integer.toString(id)));
                    return dropUsers(nodeId, gone);
                })
                .thenApply(ignored -> null);
        steps.add(stale);
        return CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0]));
    }

    /** SET with a time to live, then SADD to the registry, whose answer says whether the node was registered. */
    @Override
    public CompletableFuture<Boolean> heartbeat(String nodeId, Duration ttl) {
        requireNonNull(nodeId, "nodeId");
        CompletableFuture<String> alive = redis.set(
                        RedisKeys.nodeAlive(nodeId), "1", SetArgs.Builder.px(ttl.toMillis()))
                .toCompletableFuture();
        return redis.sadd(RedisKeys.NODES, nodeId).toCompletableFuture().thenCombine(alive, (added, ok) -> added == 0L);
    }

    @Override
    public CompletableFuture<List<String>> deadNodes() {
        return redis.smembers(RedisKeys.NODES).toCompletableFuture().thenCompose(nodes -> {
            List<String> ids = nodes.stream().sorted().toList();
            List<CompletableFuture<Long>> alive = new ArrayList<>(ids.size());
            for (String id : ids) {
                alive.add(redis.exists(RedisKeys.nodeAlive(id)).toCompletableFuture());
            }
            return Futures.all(alive).thenApply(found -> {
                List<String> dead = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    if (found.get(i) == 0L) {
                        dead.add(ids.get(i));
                    }
                }
                return dead;
            });
        });
    }
}
