package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.store.GroupStore;
import io.parley.server.store.GroupSummary;
import io.parley.server.store.Logs;
import io.parley.server.store.Membership;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Groups as a hash (owner, createdAt) whose existence is the group's, a members set, a registry of names
 * and a per-user set of groups. A script changes the group's own keys together; the two indexes follow. Groups
 * are never deleted.
 */
final class RedisGroupStore implements GroupStore {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScriptRunner scripts;

    RedisGroupStore(RedisClusterAsyncCommands<String, String> redis, ScriptRunner scripts) {
        this.redis = redis;
        this.scripts = scripts;
    }

    /**
     * The script creates the group in its log's slot; then the registry and the owner's set of groups, indexes
     * in other slots, are updated before this completes. A node dying between the two leaves the group out of
     * those indexes (it still exists and works; see docs/cluster.md).
     */
    @Override
    public CompletableFuture<Boolean> create(String group, int ownerId, long createdAt) {
        requireNonNull(group, "group");
        return scripts.<Long>run(Script.CREATE_GROUP, ScriptOutputType.INTEGER, groupKeys(group),
                        group, Integer.toString(ownerId), Long.toString(createdAt))
                .thenCompose(created -> created != 1L
                        ? CompletableFuture.completedFuture(false)
                        : redis.sadd(RedisKeys.GROUPS, group).toCompletableFuture()
                                .thenCombine(redis.sadd(RedisKeys.groupsOf(ownerId), group), (a, b) -> true));
    }

    @Override
    public CompletableFuture<Membership> join(String group, int userId) {
        return change(Script.JOIN, group, userId).thenCompose(result -> result != Membership.JOINED
                ? CompletableFuture.completedFuture(result)
                : redis.sadd(RedisKeys.groupsOf(userId), group).toCompletableFuture().thenApply(added -> result));
    }

    @Override
    public CompletableFuture<Membership> leave(String group, int userId) {
        return change(Script.LEAVE, group, userId).thenCompose(result -> result != Membership.LEFT
                ? CompletableFuture.completedFuture(result)
                : redis.srem(RedisKeys.groupsOf(userId), group).toCompletableFuture().thenApply(removed -> result));
    }

    private CompletableFuture<Membership> change(Script script, String group, int userId) {
        requireNonNull(group, "group");
        return scripts.<String>run(script, ScriptOutputType.VALUE, groupKeys(group), Integer.toString(userId))
                .thenApply(Membership::valueOf);
    }

    /** The keys of a group and its log: one hash tag, so one Cluster slot. */
    private static String[] groupKeys(String group) {
        String log = Logs.group(group);
        return new String[] {RedisKeys.group(group), RedisKeys.members(group), RedisKeys.head(log),
                RedisKeys.positions(log)};
    }

    /** One SMEMBERS, then one SCARD per group, all pipelined: two round trips however many groups. */
    @Override
    public CompletableFuture<List<GroupSummary>> list() {
        return redis.smembers(RedisKeys.GROUPS).toCompletableFuture().thenCompose(names -> {
            List<String> sorted = names.stream().sorted().toList();
            List<CompletableFuture<Long>> counts = new ArrayList<>(sorted.size());
            for (String name : sorted) {
                counts.add(redis.scard(RedisKeys.members(name)).toCompletableFuture());
            }
            return Futures.all(counts).thenApply(sizes -> {
                List<GroupSummary> groups = new ArrayList<>(sorted.size());
                for (int i = 0; i < sorted.size(); i++) {
                    groups.add(new GroupSummary(sorted.get(i), Math.toIntExact(sizes.get(i))));
                }
                return groups;
            });
        });
    }

    /**
     * EXISTS then SMEMBERS, pipelined rather than scripted: Redis runs them in order, a group is created
     * with its owner in one step and never deleted, so "exists" followed by a read of its members is
     * always a state the group really had.
     */
    @Override
    public CompletableFuture<Optional<Set<Integer>>> members(String group) {
        requireNonNull(group, "group");
        CompletableFuture<Long> exists = redis.exists(RedisKeys.group(group)).toCompletableFuture();
        CompletableFuture<Set<String>> members = redis.smembers(RedisKeys.members(group)).toCompletableFuture();
        return exists.thenCombine(members, (count, ids) -> count == 0
                ? Optional.<Set<Integer>>empty()
                : Optional.of(toIds(ids)));
    }

    @Override
    public CompletableFuture<List<String>> groupsOf(int userId) {
        return redis.smembers(RedisKeys.groupsOf(userId)).toCompletableFuture()
                .thenApply(names -> names.stream().sorted().toList());
    }

    static Set<Integer> toIds(Collection<String> ids) {
        return ids.stream().map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
    }
}
